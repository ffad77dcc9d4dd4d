package io.sfnetl.etl.stage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.stage.RemainingTime;
import java.util.PrimitiveIterator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private static RemainingTime sequence(long... millis) {
        PrimitiveIterator.OfLong it = LongStream.of(millis).iterator();
        return it::nextLong;
    }

    @Test
    void reached_evenSteps_stopsOnlyBelowTheMargin() {
        Deadline d = new Deadline(sequence(10_000, 9_990, 9_980, 2_030, 2_020, 1_990), 2_000);

        assertThat(d.reached()).isFalse();
        assertThat(d.reached()).isFalse();
        assertThat(d.reached()).isFalse();
        // 7,950 ms in one step: the margin grows to 2,000 + 2 x 7,950, so 2,030 ms left is too little.
        assertThat(d.reached()).isTrue();
        assertThat(d.slowestStepMillis()).isEqualTo(7_950);
    }

    @Test
    void reached_oneSlowStep_stopsWhileTwiceThatStepIsLeftAboveTheMargin() {
        Deadline d = new Deadline(sequence(10_000, 9_000, 8_990, 4_010, 3_990), 2_000);

        assertThat(d.reached()).isFalse();
        assertThat(d.reached()).as("after a 1 s step, 9 s left is plenty").isFalse();
        assertThat(d.reached()).isFalse();
        // slowest step so far 4,980 ms (8,990 -> 4,010): 4,010 < 2,000 + 9,960
        assertThat(d.reached()).isTrue();
    }

    @Test
    void reached_fastSteps_keepsTheConfiguredMarginPlusTwoSteps() {
        Deadline d = new Deadline(sequence(1_050, 1_045, 1_040, 1_035, 1_030, 1_025, 1_020, 1_015, 1_010, 1_005), 1_000);

        for (int i = 0; i < 9; i++) {
            assertThat(d.reached()).as("call %d", i).isFalse();
        }
        assertThat(d.reached()).as("1,005 ms left < 1,000 + 2 x 5").isTrue();
        assertThat(d.slowestStepMillis()).isEqualTo(5);
    }

    @Test
    void reached_unlimitedTime_neverStops() {
        Deadline d = new Deadline(RemainingTime.unlimited(), 60_000);

        for (int i = 0; i < 1_000; i++) {
            assertThat(d.reached()).isFalse();
        }
        assertThat(d.slowestStepMillis()).isZero();
    }
}
