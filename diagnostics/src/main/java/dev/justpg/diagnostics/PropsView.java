package dev.justpg.diagnostics;

import dev.justpg.diagnostics.internal.NodeKey;
import dev.justpg.diagnostics.internal.Props;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Typed reads of {@link Props} shared by nodes, workers and the planning section. */
final class PropsView {

    private PropsView() {
    }

    static Optional<String> text(Props p, NodeKey k) {
        return Optional.ofNullable(p.text(k));
    }

    static OptionalDouble num(Props p, NodeKey k) {
        double d = p.num(k);
        return Double.isNaN(d) ? OptionalDouble.empty() : OptionalDouble.of(d);
    }

    static OptionalLong count(Props p, NodeKey k) {
        double d = p.num(k);
        return Double.isNaN(d) ? OptionalLong.empty() : OptionalLong.of(Math.round(d));
    }

    static double orZero(Props p, NodeKey k) {
        double d = p.num(k);
        return Double.isNaN(d) ? 0 : d;
    }

    private static long blocks(Props p, NodeKey k) {
        return Math.round(orZero(p, k));
    }

    static Optional<Buffers> buffers(Props p) {
        if (!p.has(NodeKey.SHARED_HIT_BLOCKS) && !p.has(NodeKey.SHARED_READ_BLOCKS)
                && !p.has(NodeKey.LOCAL_HIT_BLOCKS) && !p.has(NodeKey.TEMP_READ_BLOCKS)
                && !p.has(NodeKey.TEMP_WRITTEN_BLOCKS)) {
            return Optional.empty();
        }
        return Optional.of(Buffers.of(blocks(p, NodeKey.SHARED_HIT_BLOCKS), blocks(p, NodeKey.SHARED_READ_BLOCKS),
                blocks(p, NodeKey.SHARED_DIRTIED_BLOCKS), blocks(p, NodeKey.SHARED_WRITTEN_BLOCKS),
                blocks(p, NodeKey.LOCAL_HIT_BLOCKS), blocks(p, NodeKey.LOCAL_READ_BLOCKS),
                blocks(p, NodeKey.LOCAL_DIRTIED_BLOCKS), blocks(p, NodeKey.LOCAL_WRITTEN_BLOCKS),
                blocks(p, NodeKey.TEMP_READ_BLOCKS), blocks(p, NodeKey.TEMP_WRITTEN_BLOCKS)));
    }

    static Optional<IoTimings> ioTimings(Props p) {
        NodeKey[] keys = {NodeKey.IO_READ_TIME, NodeKey.IO_WRITE_TIME, NodeKey.SHARED_IO_READ_TIME,
            NodeKey.SHARED_IO_WRITE_TIME, NodeKey.LOCAL_IO_READ_TIME, NodeKey.LOCAL_IO_WRITE_TIME,
            NodeKey.TEMP_IO_READ_TIME, NodeKey.TEMP_IO_WRITE_TIME};
        boolean any = false;
        for (NodeKey k : keys) {
            any |= p.has(k);
        }
        if (!any) {
            return Optional.empty();
        }
        return Optional.of(IoTimings.of(orZero(p, keys[0]), orZero(p, keys[1]), orZero(p, keys[2]),
                orZero(p, keys[3]), orZero(p, keys[4]), orZero(p, keys[5]), orZero(p, keys[6]), orZero(p, keys[7])));
    }

    static Optional<WalUsage> wal(Props p) {
        if (!p.has(NodeKey.WAL_RECORDS) && !p.has(NodeKey.WAL_BYTES)) {
            return Optional.empty();
        }
        return Optional.of(WalUsage.of(Math.round(orZero(p, NodeKey.WAL_RECORDS)),
                Math.round(orZero(p, NodeKey.WAL_FPI)), Math.round(orZero(p, NodeKey.WAL_BYTES)),
                Math.round(orZero(p, NodeKey.WAL_BUFFERS_FULL))));
    }

    static Optional<Object> property(Props p, String jsonName) {
        NodeKey k = NodeKey.byJson(jsonName);
        if (k != null) {
            return Optional.ofNullable(p.value(k));
        }
        return Optional.ofNullable(p.extras().get(jsonName));
    }
}
