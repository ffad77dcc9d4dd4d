package io.sfnetl.asl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.model.Retrier;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetriesTest {

    @Test
    void matches_statesAll_matchesTaskErrorsButNotRuntimeOrDataLimit() {
        assertThat(Retries.matches(List.of(ErrorNames.ALL), "Lambda.ServiceException")).isTrue();
        assertThat(Retries.matches(List.of(ErrorNames.ALL), ErrorNames.TIMEOUT)).isTrue();
        assertThat(Retries.matches(List.of(ErrorNames.ALL), ErrorNames.RUNTIME)).isFalse();
        assertThat(Retries.matches(List.of(ErrorNames.ALL), ErrorNames.DATA_LIMIT_EXCEEDED)).isFalse();
    }

    @Test
    void matches_taskFailed_matchesAllButTimeout() {
        assertThat(Retries.matches(List.of(ErrorNames.TASK_FAILED), "io.sfnetl.etl.errors.InvalidSpec")).isTrue();
        assertThat(Retries.matches(List.of(ErrorNames.TASK_FAILED), ErrorNames.TIMEOUT)).isFalse();
    }

    @Test
    void matches_explicitName_matchesDataLimitButNeverRuntime() {
        assertThat(Retries.matches(List.of(ErrorNames.DATA_LIMIT_EXCEEDED), ErrorNames.DATA_LIMIT_EXCEEDED)).isTrue();
        assertThat(Retries.matches(List.of(ErrorNames.RUNTIME), ErrorNames.RUNTIME)).isFalse();
        assertThat(Retries.matches(List.of("A", "B"), "C")).isFalse();
    }

    @Test
    void delay_backoffCappedByMaxDelay_scaled() {
        var r = new Retrier(List.of(ErrorNames.ALL), 2, 6, 2.0, 10, Retrier.Jitter.NONE);
        assertThat(Retries.delay(r, 0, 1, new Random(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(Retries.delay(r, 1, 1, new Random(1))).isEqualTo(Duration.ofSeconds(4));
        assertThat(Retries.delay(r, 3, 1, new Random(1))).isEqualTo(Duration.ofSeconds(10));
        assertThat(Retries.delay(r, 1, 0.5, new Random(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(Retries.delay(r, 1, 0, new Random(1))).isEqualTo(Duration.ZERO);
    }

    @Test
    void delay_fullJitter_staysBetweenZeroAndTheDelay() {
        var r = new Retrier(List.of(ErrorNames.ALL), 4, 3, 1.0, null, Retrier.Jitter.FULL);
        var random = new Random(7);
        for (int i = 0; i < 100; i++) {
            Duration d = Retries.delay(r, 0, 1, random);
            assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(4));
        }
        assertThat(Retries.delay(r, 0, 1, new Random(7))).isNotEqualTo(Duration.ofSeconds(4));
    }
}
