package io.sfnetl.etl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.etl.errors.InvalidInput;
import org.junit.jupiter.api.Test;

class OnlyChunksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keep_noOnlyChunks_keepsEveryChunk() throws Exception {
        OnlyChunks only = OnlyChunks.of(JSON.readTree("{\"dataset\": \"s3://b/s.json\"}"));

        assertThat(only.keep("00000")).isTrue();
        assertThat(only.keep("00007")).isTrue();
        only.checkAllFound("s3://b/manifests/r/chunks.json");
    }

    @Test
    void keep_onlyChunks_keepsThoseOnly() throws Exception {
        OnlyChunks only = OnlyChunks.of(JSON.readTree("{\"onlyChunks\": [\"00001\", \"00003\"]}"));

        assertThat(only.keep("00000")).isFalse();
        assertThat(only.keep("00001")).isTrue();
        assertThat(only.keep("00002")).isFalse();
        assertThat(only.keep("00003")).isTrue();
        only.checkAllFound("s3://b/manifests/r/chunks.json");
    }

    @Test
    void checkAllFound_idNotInThePlan_failsNamingIt() throws Exception {
        OnlyChunks only = OnlyChunks.of(JSON.readTree("{\"onlyChunks\": [\"00001\", \"00042\"]}"));
        only.keep("00001");

        assertThatThrownBy(() -> only.checkAllFound("s3://b/manifests/r/chunks.json")).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("/onlyChunks: no chunk [00042]").hasMessageContaining("re-run the whole source");
    }

    @Test
    void of_notAnArrayOfStrings_failsWithInvalidInput() {
        assertThatThrownBy(() -> OnlyChunks.of(JSON.readTree("{\"onlyChunks\": [1]}"))).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("/onlyChunks: must be a non-empty array of chunk ids");
        assertThatThrownBy(() -> OnlyChunks.of(JSON.readTree("{\"onlyChunks\": []}"))).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("was []");
    }
}
