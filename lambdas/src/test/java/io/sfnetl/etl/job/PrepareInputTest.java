package io.sfnetl.etl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.config.RunConfig;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.storage.Json;
import org.junit.jupiter.api.Test;

class PrepareInputTest {
    private static final EtlConfig CONFIG = EtlConfig.of("data", "jobs");

    private static PrepareInput parse(String json) throws Exception {
        return PrepareInput.parse(Json.MAPPER.readTree(json), CONFIG);
    }

    @Test
    void parse_fullInput_overridesDefaults() throws Exception {
        PrepareInput in = parse("""
                {"dataset":"s3://data/specs/o.json","source":"s3://data/in/","runId":"r-1.a_b","chunkBytes":1024,
                 "maxConcurrency":2,"toleratedFailurePercentage":10,"maxRejectPercent":0.5,"scheduledTime":"x"}""");
        assertThat(in.applyTo(RunConfig.PIPELINE_DEFAULTS)).isEqualTo(new RunConfig(1024, 2, 10, 0.5));
        assertThat(in.scheduledTime()).isEqualTo("x");
    }

    @Test
    void parse_onlyRequired_keepsDefaults() throws Exception {
        PrepareInput in = parse("{\"dataset\":\"s3://data/s.json\",\"source\":\"s3://data/a.csv\",\"runId\":\"r\"}");
        assertThat(in.applyTo(RunConfig.PIPELINE_DEFAULTS)).isEqualTo(RunConfig.PIPELINE_DEFAULTS);
    }

    @Test
    void parse_missingEverything_namesEachField() {
        assertThatThrownBy(() -> parse("{}"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("3 problems")
                .hasMessageContaining("/dataset: missing")
                .hasMessageContaining("/source: missing")
                .hasMessageContaining("/runId: missing");
    }

    @Test
    void parse_wrongTypesAndRanges_failsWithEachValue() {
        assertThatThrownBy(() -> parse("""
                {"dataset":"s3://data/s.json","source":"s3://data/a.csv","runId":"r","chunkBytes":0,
                 "maxConcurrency":1.5,"toleratedFailurePercentage":-1}"""))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("/chunkBytes: 0 is out of range")
                .hasMessageContaining("/maxConcurrency: must be an integer")
                .hasMessageContaining("/toleratedFailurePercentage: must be a number between 0 and 100");
    }

    @Test
    void parse_notAnObject_fails() {
        assertThatThrownBy(() -> parse("[]"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("must be a JSON object");
    }
}
