package io.sfnetl.etl.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delayMillis_fullJitter_withinExponentialCeilingAndCap() {
        Backoff b = new Backoff(50, 1_000, 10);
        for (int i = 0; i < 200; i++) {
            assertThat(b.delayMillis(1)).isBetween(0L, 50L);
            assertThat(b.delayMillis(3)).isBetween(0L, 200L);
            assertThat(b.delayMillis(40)).isBetween(0L, 1_000L);
        }
    }

    @Test
    void delayMillis_manyDraws_spreadOverTheRange() {
        Backoff b = new Backoff(1_000, 1_000, 3);
        long max = 0;
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 500; i++) {
            long d = b.delayMillis(1);
            max = Math.max(max, d);
            min = Math.min(min, d);
        }
        assertThat(min).isLessThan(200);
        assertThat(max).isGreaterThan(800);
    }

    @Test
    void new_capBelowBase_fails() {
        assertThatThrownBy(() -> new Backoff(100, 10, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 <= baseMillis <= capMillis");
    }
}
