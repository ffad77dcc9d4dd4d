package io.sfnetl.etl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfnetl.etl.config.RunConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkSizingTest {
    private static final long MIB = 1024 * 1024;

    private static RunConfig run(long chunkBytes, int functionTimeoutSeconds) {
        int task = RunConfig.taskTimeoutFor(functionTimeoutSeconds);
        return new RunConfig(chunkBytes, 10, 0, 5, Map.of("validate", task, "transform", task, "load", task,
                "finalize", RunConfig.taskTimeoutFor(300)));
    }

    @Test
    void functionTimeoutMillis_taskTimeouts_invertTaskTimeoutFor() {
        assertThat(ChunkSizing.functionTimeoutMillis(930)).isEqualTo(900_000);
        assertThat(ChunkSizing.functionTimeoutMillis(10)).isEqualTo(9_000);
        assertThat(ChunkSizing.functionTimeoutMillis(2)).isEqualTo(1_000);
    }

    @Test
    void chunkBytes_fullTimeouts_keepsConfiguredSize() {
        // 900 s - 60 s margin = 840 s x 256 KiB/s x 0.5 = 105 MiB > 64 MiB
        assertThat(ChunkSizing.DEFAULT.chunkBytes(run(64 * MIB, 900), 60_000, false)).isEqualTo(64 * MIB);
    }

    @Test
    void chunkBytes_scaledTimeouts_shrinkWithTheTimeout() {
        // 9 s - 1 s margin = 8 s x 256 KiB/s x 0.5 = 1 MiB
        assertThat(ChunkSizing.DEFAULT.chunkBytes(run(64 * MIB, 9), 1_000, false)).isEqualTo(MIB);
    }

    @Test
    void chunkBytes_shortestStageTimeout_decides() {
        RunConfig r = run(64 * MIB, 900).withTaskTimeoutSeconds(Map.of("validate", 930, "transform", 930,
                "load", RunConfig.taskTimeoutFor(9)));
        assertThat(ChunkSizing.DEFAULT.chunkBytes(r, 1_000, false)).isEqualTo(MIB);
    }

    @Test
    void chunkBytes_explicitInput_usedAsIs() {
        assertThat(ChunkSizing.DEFAULT.chunkBytes(run(500 * MIB, 9), 1_000, true)).isEqualTo(500 * MIB);
    }

    @Test
    void chunkBytes_tinyTimeout_neverBelowMinimum() {
        assertThat(ChunkSizing.DEFAULT.chunkBytes(run(64 * MIB, 1), 5_000, false))
                .isEqualTo(ChunkSizing.DEFAULT_MIN_BYTES);
    }

    @Test
    void fromEnv_measuredThroughput_scalesChunks() {
        ChunkSizing s = ChunkSizing.fromEnv(Map.of("ETL_STAGE_BYTES_PER_SECOND", "1048576"));
        assertThat(s.chunkBytes(run(64 * MIB, 9), 1_000, false)).isEqualTo(4 * MIB);
        assertThat(ChunkSizing.fromEnv(Map.of())).isEqualTo(ChunkSizing.DEFAULT);
    }

    @Test
    void fromEnv_notANumber_namesTheVariable() {
        assertThatThrownBy(() -> ChunkSizing.fromEnv(Map.of("ETL_STAGE_BYTES_PER_SECOND", "fast")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ETL_STAGE_BYTES_PER_SECOND='fast'");
    }
}
