package io.sfnetl.etl.job;

import io.sfnetl.etl.config.RunConfig;
import java.util.List;
import java.util.Map;

/**
 * Chunk size from the stages' timeout and a measured throughput (brief §1: "sized from the function's timeout and a
 * measured throughput"): a chunk should take one call of each stage, with room to spare, so that continuations stay
 * the exception. Planned size = {@code min(configured chunkBytes, max(minBytes, usable seconds x bytesPerSecond x
 * fill))}, where usable seconds = the shortest stage function timeout (Validate, Transform, Load; derived from
 * {@link RunConfig#taskTimeoutSeconds()}, which the twin scales with {@code --lambda-timeout-scale}) minus the safety
 * margin. A {@code chunkBytes} given in the execution input is used as is. Immutable.
 *
 * @param bytesPerSecond source bytes per second of the slowest stage (Load into DynamoDB), measured by
 *     {@code bench/run etl} (bench/RESULTS.md); environment {@code ETL_STAGE_BYTES_PER_SECOND}
 * @param fill fraction of the usable time a chunk is planned to take (0 &lt; fill &lt;= 1)
 * @param minBytes smallest planned chunk, whatever the timeout
 */
public record ChunkSizing(long bytesPerSecond, double fill, long minBytes) {
    /**
     * Load's measured rate on DynamoDB Local in memory, 4 writers: about 3,000 items/s of the orders sample at
     * about 85 source bytes per row (bench/RESULTS.md, "ETL core"). Validate and Transform are 50-100x faster.
     */
    public static final long DEFAULT_BYTES_PER_SECOND = 256 * 1024;
    /** Plan chunks to use half the usable time: room for slower runs, throttling and cold starts. */
    public static final double DEFAULT_FILL = 0.5;
    public static final long DEFAULT_MIN_BYTES = 64 * 1024;
    public static final ChunkSizing DEFAULT = new ChunkSizing(DEFAULT_BYTES_PER_SECOND, DEFAULT_FILL, DEFAULT_MIN_BYTES);
    static final List<String> STAGES = List.of("validate", "transform", "load");

    public ChunkSizing {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("ETL_STAGE_BYTES_PER_SECOND must be at least 1, was " + bytesPerSecond);
        }
        if (!(fill > 0 && fill <= 1)) {
            throw new IllegalArgumentException("chunk fill must be in (0, 1], was " + fill);
        }
    }

    /** {@link #DEFAULT}, with {@code ETL_STAGE_BYTES_PER_SECOND} when set. */
    public static ChunkSizing fromEnv(Map<String, String> env) {
        String v = env.get("ETL_STAGE_BYTES_PER_SECOND");
        if (v == null || v.isBlank()) {
            return DEFAULT;
        }
        try {
            return new ChunkSizing(Long.parseLong(v.trim()), DEFAULT_FILL, DEFAULT_MIN_BYTES);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ETL_STAGE_BYTES_PER_SECOND='" + v + "' is not an integer (bytes per "
                    + "second of the slowest stage); unset it for the default " + DEFAULT_BYTES_PER_SECOND, e);
        }
    }

    /**
     * @param run the run configuration (its {@code chunkBytes} is the upper bound; its task timeouts give the time)
     * @param safetyMarginMillis the stages' stop-and-continue margin
     * @param explicit true when the execution input set {@code chunkBytes}: then it is returned unchanged
     * @return the chunk size Prepare plans with
     */
    public long chunkBytes(RunConfig run, long safetyMarginMillis, boolean explicit) {
        return explicit ? run.chunkBytes() : Math.min(run.chunkBytes(), timeBudgetBytes(run, safetyMarginMillis));
    }

    /** The source bytes one stage call processes in {@code fill} of its usable time (at least {@code minBytes}). */
    public long timeBudgetBytes(RunConfig run, long safetyMarginMillis) {
        long timeoutMillis = Long.MAX_VALUE;
        for (String stage : STAGES) {
            Integer task = run.taskTimeoutSeconds().get(stage);
            if (task != null) {
                timeoutMillis = Math.min(timeoutMillis, functionTimeoutMillis(task));
            }
        }
        if (timeoutMillis == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        // a margin that eats the whole timeout (misconfigured) still leaves a stage half of it
        long usableMillis = Math.max(timeoutMillis - safetyMarginMillis, timeoutMillis / 2);
        double bytes = usableMillis / 1000.0 * bytesPerSecond * fill;
        return Math.max(minBytes, (long) Math.min(bytes, Long.MAX_VALUE / 2));
    }

    /** The function timeout behind a Task timeout ({@link RunConfig#taskTimeoutFor} adds 1/30, at least 1 s). */
    static long functionTimeoutMillis(int taskTimeoutSeconds) {
        for (int t = taskTimeoutSeconds; t >= 1; t--) {
            if (RunConfig.taskTimeoutFor(t) <= taskTimeoutSeconds) {
                return t * 1000L;
            }
        }
        return taskTimeoutSeconds * 1000L;
    }
}
