package io.sfnetl.etl.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.storage.Json;
import org.junit.jupiter.api.Test;

class StageInputTest {
    @Test
    void json_validateInput_roundTrips() throws Exception {
        StageInput in = Json.MAPPER.readValue("""
                {"run":"r","chunk":"00001","spec":"s3://b/manifests/r/spec.json",
                 "read":{"object":"s3://b/a.csv","etag":"\\"e\\"","start":10,"end":20,"exactStart":false,"firstLine":-1,
                         "compressed":false},
                 "cursor":{"offset":15,"line":3},"counts":{"read":2,"valid":1,"rejected":1,"transformed":0,"loaded":0,
                 "duplicates":0,"bytes":5,"continuations":1},"written":["k1"],"rejected":["k2"],"extra":1}""",
                StageInput.class);
        assertThat(in.range()).isEqualTo(new ChunkRange("s3://b/a.csv", "\"e\"", 10, 20, false, -1, false));
        assertThat(in.cursor()).isEqualTo(Cursor.ofOffset(15, 3));
        assertThat(in.counts().continuations()).isEqualTo(1);
        assertThat(in.stagingBucket()).isEqualTo("b");
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(in), StageInput.class)).isEqualTo(in);
    }

    @Test
    void keys_readIsNotAList_failsNamingChunk() throws Exception {
        StageInput in = Json.MAPPER.readValue("{\"run\":\"r\",\"chunk\":\"7\",\"spec\":\"s3://b/s\",\"read\":{}}",
                StageInput.class);
        assertThatThrownBy(in::keys)
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("'read' of chunk 7 must be the array of keys");
    }

    @Test
    void requireBasics_missingFields_named() throws Exception {
        StageInput in = Json.MAPPER.readValue("{\"chunk\":\"7\"}", StageInput.class);
        assertThatThrownBy(() -> in.requireBasics("Load"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("Load input lacks run, spec, read");
    }

    @Test
    void output_json_omitsNullCursor() throws Exception {
        String json = Json.MAPPER.writeValueAsString(new StageOutput(true, null, java.util.List.of("a"),
                java.util.List.of(), Counts.ZERO, "00000"));
        assertThat(json).doesNotContain("cursor").contains("\"done\":true").contains("\"written\":[\"a\"]");
    }
}
