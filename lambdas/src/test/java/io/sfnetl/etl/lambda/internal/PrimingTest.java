package io.sfnetl.etl.lambda.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrimingTest {
    @Test
    void run_builtInSpecAndRow_completesEveryStep() {
        assertThat(Priming.run()).isTrue();
    }
}
