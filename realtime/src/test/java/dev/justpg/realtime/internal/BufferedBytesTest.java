package dev.justpg.realtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.postgresql.core.VisibleBufferedInputStream;

/** The reader's "is more already buffered" check looks at pgjdbc's buffer, not at the socket. */
class BufferedBytesTest {

    @Test
    void seesWhatPgjdbcBufferedAndNothingElse() throws IOException {
        VisibleBufferedInputStream in = new VisibleBufferedInputStream(new ByteArrayInputStream(new byte[10]), 8192);
        BufferedBytes bytes = new BufferedBytes(in);
        assertThat(bytes.any()).as("nothing read into the buffer yet").isFalse();
        in.read(); // fills the buffer with all ten bytes
        assertThat(bytes.any()).isTrue();
        assertThat(in.skip(9)).isEqualTo(9);
        assertThat(bytes.any()).as("buffer used up").isFalse();
    }

    @Test
    void anyOtherStreamIsAskedWhatIsAvailable() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[2]);
        BufferedBytes bytes = new BufferedBytes(in);
        assertThat(bytes.any()).isTrue();
        in.skip(2);
        assertThat(bytes.any()).isFalse();
        assertThat(new BufferedBytes(null).any()).as("stream unknown").isFalse();
    }
}
