package dev.justpg.realtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureLogTest {

    @Test
    void logsTheFirstFailureThenAtMostOnceAPeriodWithTheCountInBetween() {
        FailureLog log = new FailureLog();
        long t = 1_000;
        assertThat(log.record(t)).isZero();
        for (int i = 1; i <= 500; i++) {
            assertThat(log.record(t + i)).isEqualTo(-1);
        }
        assertThat(log.record(t + FailureLog.PERIOD_NANOS - 1)).isEqualTo(-1);
        assertThat(log.record(t + FailureLog.PERIOD_NANOS)).isEqualTo(501);
        assertThat(log.record(t + FailureLog.PERIOD_NANOS + 1)).isEqualTo(-1);
        assertThat(log.record(t + 3 * FailureLog.PERIOD_NANOS)).isEqualTo(1);
    }
}
