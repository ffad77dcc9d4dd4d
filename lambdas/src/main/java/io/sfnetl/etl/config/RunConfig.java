package io.sfnetl.etl.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective configuration of one run: pipeline defaults ({@link EtlConfig#defaults()}) overridden by the
 * execution input. Prepare returns it so that states read numbers through Path fields (brief §1, "Numbers").
 *
 * @param chunkBytes planned size of a chunk, in source bytes (uncompressed offsets)
 * @param maxConcurrency Map concurrency
 * @param toleratedFailurePercentage Map tolerated failure percentage (0..100)
 * @param maxRejectPercent reject rate (rejected / read, in percent) above which Finalize fails the run
 * @param taskTimeoutSeconds the Task state timeout of each stage (lower-case stage name: validate, transform, load,
 *     finalize), a little above the function's own timeout; the definition reads it with
 *     {@code TimeoutSecondsPath}. Never null; deployment configuration, not overridable by the execution input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunConfig(long chunkBytes, int maxConcurrency, double toleratedFailurePercentage, double maxRejectPercent,
                        Map<String, Integer> taskTimeoutSeconds) {

    /** Task timeouts for functions at their configured timeouts (900 s stages, 300 s Finalize). */
    public static final Map<String, Integer> DEFAULT_TASK_TIMEOUTS = Map.of(
            "prepare", taskTimeoutFor(900), "validate", taskTimeoutFor(900), "transform", taskTimeoutFor(900),
            "load", taskTimeoutFor(900), "finalize", taskTimeoutFor(300));

    /** The defaults of {@code config/pipeline.json} ("runDefaults"). */
    public static final RunConfig PIPELINE_DEFAULTS = new RunConfig(64L * 1024 * 1024, 10, 0, 5);

    public RunConfig {
        taskTimeoutSeconds = new TreeMap<>(taskTimeoutSeconds == null ? DEFAULT_TASK_TIMEOUTS : taskTimeoutSeconds);
        taskTimeoutSeconds = java.util.Collections.unmodifiableMap(taskTimeoutSeconds);
    }

    /** A configuration with the default task timeouts. */
    public RunConfig(long chunkBytes, int maxConcurrency, double toleratedFailurePercentage, double maxRejectPercent) {
        this(chunkBytes, maxConcurrency, toleratedFailurePercentage, maxRejectPercent, DEFAULT_TASK_TIMEOUTS);
    }

    /**
     * The Task timeout for a function timeout: a little above it (900 s gives 930 s, 9 s gives 10 s), so that the
     * function's own timeout (reported as {@code Sandbox.Timedout}) fires first and Step Functions' timeout
     * ({@code States.Timeout}) only catches a lost invocation.
     */
    public static int taskTimeoutFor(int functionTimeoutSeconds) {
        return functionTimeoutSeconds + Math.max(1, functionTimeoutSeconds / 30);
    }

    public RunConfig withChunkBytes(long v) {
        return new RunConfig(v, maxConcurrency, toleratedFailurePercentage, maxRejectPercent, taskTimeoutSeconds);
    }

    public RunConfig withMaxConcurrency(int v) {
        return new RunConfig(chunkBytes, v, toleratedFailurePercentage, maxRejectPercent, taskTimeoutSeconds);
    }

    public RunConfig withToleratedFailurePercentage(double v) {
        return new RunConfig(chunkBytes, maxConcurrency, v, maxRejectPercent, taskTimeoutSeconds);
    }

    public RunConfig withMaxRejectPercent(double v) {
        return new RunConfig(chunkBytes, maxConcurrency, toleratedFailurePercentage, v, taskTimeoutSeconds);
    }

    public RunConfig withTaskTimeoutSeconds(Map<String, Integer> v) {
        return new RunConfig(chunkBytes, maxConcurrency, toleratedFailurePercentage, maxRejectPercent, v);
    }
}
