package dev.justpg.realtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import org.postgresql.core.VisibleBufferedInputStream;

/**
 * Whether pgjdbc's input buffer still holds bytes that were read from the socket and not parsed
 * yet: a field read, no system call. The reader runs the handlers of what it read once this
 * says no; bytes that reach the socket meanwhile are read right after.
 *
 * <p>Reads {@code VisibleBufferedInputStream.endIndex} by reflection. Where that is not possible
 * it asks {@link InputStream#available()}, which on an empty buffer asks the socket (one
 * {@code ioctl} per message).
 */
final class BufferedBytes {

    private static final Field END_INDEX = endIndex();

    private final InputStream in;
    private final VisibleBufferedInputStream visible;

    /**
     * A view of a stream.
     *
     * @param in pgjdbc's input stream, or {@code null} when it could not be reached
     */
    BufferedBytes(InputStream in) {
        this.in = in;
        this.visible = END_INDEX != null && in instanceof VisibleBufferedInputStream
                ? (VisibleBufferedInputStream) in : null;
    }

    /**
     * Whether the next message's first byte is already buffered.
     *
     * @return {@code true} when it can be read without waiting; {@code false} when unsure
     */
    boolean any() {
        if (visible != null) {
            try {
                return END_INDEX.getInt(visible) > visible.getIndex();
            } catch (IllegalAccessException | RuntimeException e) {
                return false;
            }
        }
        try {
            return in != null && in.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Field endIndex() {
        try {
            Field f = VisibleBufferedInputStream.class.getDeclaredField("endIndex");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
