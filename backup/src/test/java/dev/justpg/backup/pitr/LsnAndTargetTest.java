package dev.justpg.backup.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LsnAndTargetTest {

    @Test
    void lsnsParsePrintCompareAndNameTheirSegment() {
        Lsn a = Lsn.parse("16/B374D848");
        assertThat(a.toString()).isEqualTo("16/B374D848");
        assertThat(a.value()).isEqualTo(0x16B374D848L);
        assertThat(Lsn.parse("0/3000060").compareTo(a)).isNegative();
        assertThat(Lsn.parse("FFFFFFFF/0").compareTo(a)).isPositive(); // unsigned
        assertThat(Lsn.parse("0/3000060").segmentFileName(1, 16L << 20)).isEqualTo("000000010000000000000003");
        assertThat(a.segmentFileName(2, 16L << 20)).isEqualTo("0000000200000016000000B3");
        assertThat(a.segmentFileName(1, 64L << 20)).isEqualTo("00000001000000160000002C");
        assertThatThrownBy(() -> Lsn.parse("3000060")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0/3000060");
        assertThatThrownBy(() -> Lsn.parse("0/3000060; drop")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void targetsWriteExactlyTheirRecoverySettings() {
        assertThat(RecoveryTarget.time(Instant.parse("2026-12-02T14:46:00.123456Z")).settings())
                .containsEntry("recovery_target_time", "2026-12-02 14:46:00.123456+00:00")
                .containsEntry("recovery_target_inclusive", "true")
                .containsEntry("recovery_target_action", "promote")
                .containsEntry("recovery_target_timeline", "latest");
        assertThat(RecoveryTarget.lsn(Lsn.parse("0/3000060")).inclusive(false).action(TargetAction.PAUSE).settings())
                .containsEntry("recovery_target_lsn", "0/3000060")
                .containsEntry("recovery_target_inclusive", "false")
                .containsEntry("recovery_target_action", "pause");
        assertThat(RecoveryTarget.name("before-migration").settings())
                .containsEntry("recovery_target_name", "before-migration")
                .doesNotContainKey("recovery_target_inclusive");
        assertThat(RecoveryTarget.immediate().settings()).containsEntry("recovery_target", "immediate");
        assertThat(RecoveryTarget.latest().settings()).containsOnlyKeys("recovery_target_timeline");
        assertThat(RecoveryTarget.latest().hasTarget()).isFalse();
    }

    @Test
    void badTargetsAreRefusedWithTheRule() {
        assertThatThrownBy(() -> RecoveryTarget.name("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("63 bytes");
        assertThatThrownBy(() -> RecoveryTarget.name("é".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecoveryTarget.name("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecoveryTarget.xid(2)).isInstanceOf(IllegalArgumentException.class);
    }
}
