package io.sfnetl.etl.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.stage.Counts;
import io.sfnetl.etl.storage.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonLogTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        JsonLog.setOutput(System.out);
    }

    @Test
    void info_contextFields_oneJsonObjectPerLine() throws Exception {
        JsonLog.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));

        JsonLog.get(JsonLogTest.class).info("load done", Map.of("run", "r1", "chunk", "00002", "stage", "load",
                "counts", new Counts(3, 2, 1, 2, 2, 0, 99, 0)));
        JsonLog.get(JsonLogTest.class).warn("second", Map.of());

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = Json.MAPPER.readTree(lines[0]);
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("message").asText()).isEqualTo("load done");
        assertThat(first.path("logger").asText()).isEqualTo("JsonLogTest");
        assertThat(first.path("run").asText()).isEqualTo("r1");
        assertThat(first.path("chunk").asText()).isEqualTo("00002");
        assertThat(first.path("counts").path("bytes").asLong()).isEqualTo(99);
        assertThat(first.path("time").asText()).endsWith("Z");
        assertThat(Json.MAPPER.readTree(lines[1]).path("level").asText()).isEqualTo("WARN");
    }
}
