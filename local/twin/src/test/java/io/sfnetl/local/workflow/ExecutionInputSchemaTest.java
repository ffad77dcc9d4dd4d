package io.sfnetl.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionInputSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutionInputSchema SCHEMA = ExecutionInputSchema.load(Path.of("../..").toAbsolutePath().normalize());

    @Test
    void problems_fullValidInput_none() throws Exception {
        assertThat(SCHEMA.problems(JSON.readTree("""
                {"dataset": "s3://sfn-etl-data/specs/orders.spec.json", "source": "s3://sfn-etl-data/incoming/orders/",
                 "runId": "nightly-2026-11-23", "chunkBytes": 67108864, "maxConcurrency": 10,
                 "toleratedFailurePercentage": 0, "maxRejectPercent": 5.5, "scheduledTime": "2026-11-24T05:00:00Z",
                 "onlyChunks": ["00003"]}"""))).isEmpty();
    }

    @Test
    void problems_typoWrongTypesAndMissingSource_everyProblemWithItsLocation() throws Exception {
        var problems = SCHEMA.problems(JSON.readTree("""
                {"dataset": "specs/orders.spec.json", "maxRejectPercentage": 5, "maxConcurrency": "10",
                 "runId": "-bad", "toleratedFailurePercentage": 101}"""));

        assertThat(problems).hasSize(6);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/maxRejectPercentage: unknown field"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/dataset:").contains("pattern"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/maxConcurrency:").contains("integer"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/runId:"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/toleratedFailurePercentage:").contains("100"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/:").contains("source"));
    }

    @Test
    void load_noSchemaFile_failsNamingTheFile(@TempDir Path empty) {
        assertThatThrownBy(() -> ExecutionInputSchema.load(empty)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("statemachine/input.schema.json is missing");
    }
}
