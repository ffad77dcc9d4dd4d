package io.sfnetl.etl.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The effective configuration of one run: pipeline defaults ({@link EtlConfig#defaults()}) overridden by the
 * execution input. Prepare returns it so that states read numbers through Path fields (brief §1, "Numbers").
 *
 * @param chunkBytes planned size of a chunk, in source bytes (uncompressed offsets)
 * @param maxConcurrency Map concurrency
 * @param toleratedFailurePercentage Map tolerated failure percentage (0..100)
 * @param maxRejectPercent reject rate (rejected / read, in percent) above which Finalize fails the run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunConfig(long chunkBytes, int maxConcurrency, double toleratedFailurePercentage, double maxRejectPercent) {

    /** The defaults of {@code config/pipeline.json} ("runDefaults"). */
    public static final RunConfig PIPELINE_DEFAULTS = new RunConfig(64L * 1024 * 1024, 10, 0, 5);

    public RunConfig withChunkBytes(long v) {
        return new RunConfig(v, maxConcurrency, toleratedFailurePercentage, maxRejectPercent);
    }

    public RunConfig withMaxConcurrency(int v) {
        return new RunConfig(chunkBytes, v, toleratedFailurePercentage, maxRejectPercent);
    }

    public RunConfig withToleratedFailurePercentage(double v) {
        return new RunConfig(chunkBytes, maxConcurrency, v, maxRejectPercent);
    }

    public RunConfig withMaxRejectPercent(double v) {
        return new RunConfig(chunkBytes, maxConcurrency, toleratedFailurePercentage, v);
    }
}
