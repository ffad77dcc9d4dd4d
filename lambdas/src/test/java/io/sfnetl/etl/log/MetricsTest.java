package io.sfnetl.etl.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.log.Metrics.Unit;
import io.sfnetl.etl.storage.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        JsonLog.setOutput(System.out);
    }

    @Test
    void toJson_stageMetrics_followsTheEmfSpecification() {
        JsonNode doc = Metrics.of("orders", "validate").put("RowsRead", Unit.COUNT, 1000)
                .put("Bytes", Unit.BYTES, 40_960L).put("DurationMillis", Unit.MILLISECONDS, 812)
                .put("RejectPercent", Unit.PERCENT, 2.5).property("run", "r1").property("chunk", "00003")
                .toJson(Instant.parse("2026-11-24T10:00:00Z"));

        assertThat(EmfDocuments.violations(doc)).isEmpty();
        assertThat(doc.at("/_aws/Timestamp").asLong()).isEqualTo(1795514400000L);
        assertThat(doc.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("SfnEtl");
        assertThat(doc.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"dataset\",\"stage\"]]");
        assertThat(doc.at("/_aws/CloudWatchMetrics/0/Metrics/0").toString())
                .isEqualTo("{\"Name\":\"RowsRead\",\"Unit\":\"Count\"}");
        assertThat(doc.get("dataset").asText()).isEqualTo("orders");
        assertThat(doc.get("RowsRead").asLong()).isEqualTo(1000);
        assertThat(doc.get("RejectPercent").asDouble()).isEqualTo(2.5);
        assertThat(doc.get("run").asText()).isEqualTo("r1");
    }

    @Test
    void violations_documentBreakingTheSpecification_areReported() throws Exception {
        JsonNode bad = Json.MAPPER.readTree("""
                {"_aws":{"Timestamp":"now","CloudWatchMetrics":[{"Namespace":"",
                  "Dimensions":[["dataset"]],"Metrics":[{"Name":"Rows","Unit":"Rows"}]}]},"dataset":7,"Rows":"x"}
                """);

        assertThat(EmfDocuments.violations(bad)).hasSize(5);
    }

    @Test
    void of_noDataset_dimensionIsUnknown() {
        JsonNode doc = Metrics.of(null, "load").put("RowsLoaded", Unit.COUNT, 1).toJson(Instant.now());

        assertThat(doc.get("dataset").asText()).isEqualTo("unknown");
        assertThat(EmfDocuments.violations(doc)).isEmpty();
    }

    @Test
    void put_nameOfADimension_isRefused() {
        assertThatThrownBy(() -> Metrics.of("orders", "load").put("stage", Unit.COUNT, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metric name 'stage' is taken");
    }

    @Test
    void emit_writesOneJsonLineOnTheLogOutput() throws Exception {
        JsonLog.setOutput(new PrintStream(captured, true, StandardCharsets.UTF_8));

        Metrics.of("orders", "prepare").put("Chunks", Unit.COUNT, 4).emit();

        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        assertThat(EmfDocuments.violations(Json.MAPPER.readTree(lines[0]))).isEmpty();
    }
}
