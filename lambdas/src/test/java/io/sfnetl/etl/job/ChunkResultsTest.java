package io.sfnetl.etl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.job.internal.ChunkResults;
import io.sfnetl.etl.storage.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkResultsTest {
    @Test
    void read_inlineEntriesOfEveryShape_unwrapped() throws Exception {
        JsonNode results = Json.MAPPER.readTree("""
                [{"chunk":"a","counts":{"read":1}},
                 {"Status":"SUCCEEDED","Output":"{\\"chunk\\":\\"b\\",\\"counts\\":{\\"read\\":2}}"},
                 {"StatusCode":200,"Payload":{"chunk":"c","counts":{"read":3}}},
                 {"Status":"FAILED","Input":"{\\"chunk\\":\\"d\\"}","Error":"x"}]""");
        List<String> ok = new ArrayList<>();
        List<String> failed = new ArrayList<>();

        ChunkResults.read(null, results, o -> ok.add(o.path("chunk").asText()),
                f -> failed.add(ChunkResults.chunkOf(f)));

        assertThat(ok).containsExactly("a", "b", "c");
        assertThat(failed).containsExactly("d");
    }

    @Test
    void read_neitherListNorManifest_failsWithExpectedShapes() throws Exception {
        assertThatThrownBy(() -> ChunkResults.read(null, Json.MAPPER.readTree("{\"x\":1}"), o -> { }, f -> { }))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("ResultWriterDetails");
    }
}
