package io.sfnetl.local.estimate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cost and time of one ETL run on AWS, on paper: pure arithmetic over the pipeline configuration, the measured
 * {@link Throughputs} and the {@link Prices}. The model (docs/deploy.md, "Cost and scale"):
 *
 * <ul>
 *   <li>source bytes {@code S = rows x rowBytes}; chunks {@code K = max(1, ceil(S / chunkBytes))}; each chunk holds
 *       {@code S/K} bytes and {@code rows/K} rows.</li>
 *   <li>a stage's work per chunk is its bytes (or, for Load, its items) over its throughput; one invocation does at
 *       most {@code timeout - safetyMargin} seconds of work, so a stage takes {@code max(1, ceil(work / usable))}
 *       invocations (the cursor continuations); each invocation also costs the fixed overhead.</li>
 *   <li>Prepare scans the whole source once; Finalize is one invocation reading K chunk results.</li>
 *   <li>GB-seconds: billed seconds x memory / 1024, per function. Invocations exclude MarkJobFailed (a run that
 *       succeeds never calls it).</li>
 *   <li>state transitions (Standard): every state of the definition once (the parent's states, and each chunk's
 *       child execution's states), plus two (the Task and its "done?" Choice) per continuation.</li>
 *   <li>DynamoDB write request units: one item per row, {@code ceil(rowBytes / 1024)} units each (on-demand, item
 *       size taken as the row size), plus {@value #JOB_RECORD_WRITES} job-record writes.</li>
 *   <li>S3 requests, by what the functions read and write (lambdas' StagingKeys): per stage invocation
 *       {@value #STAGE_GETS} GETs (its input and the frozen spec) and {@value #STAGE_PUTS} PUTs (its output part and
 *       its rejects part); Prepare {@value #PREPARE_PUTS} PUT-class (spec, sources, chunk manifest, run record, the
 *       LIST) and {@value #PREPARE_GETS} GETs, plus one PUT and {@value #PREPARE_GETS} GETs per continuation; the
 *       Map's ItemReader 1 GET and ResultWriter {@value #RESULT_WRITER_PUTS} PUTs; Finalize {@value #FINALIZE_GETS}
 *       GETs and {@value #FINALIZE_PUTS} PUTs.</li>
 *   <li>wall time: Prepare, then {@code ceil(K / maxConcurrency)} waves of one chunk's three stages, then
 *       Finalize (queueing and state transition latency ignored).</li>
 *   <li>peak write rate: {@code min(K, maxConcurrency)} Loads at once, each at its item rate, in write units per
 *       second; a new on-demand table sustains {@value #NEW_TABLE_WRITE_UNITS_PER_SECOND} at first (DynamoDB
 *       developer guide, "Initial throughput"), so above that the first runs are throttled and slower.</li>
 *   <li>cost: the sum of the four services at {@link Prices}, no free tier; a month of nightly runs is
 *       {@value #RUNS_PER_MONTH} runs. Not included: CloudWatch Logs ingestion (the state machine logs ALL with
 *       execution data), X-Ray, S3 storage, data transfer.</li>
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class Estimator {

    public static final int RUNS_PER_MONTH = 30;
    public static final int JOB_RECORD_WRITES = 2;
    public static final int STAGE_GETS = 2;
    public static final int STAGE_PUTS = 2;
    public static final int PREPARE_PUTS = 5;
    public static final int PREPARE_GETS = 2;
    public static final int RESULT_WRITER_PUTS = 2;
    public static final int FINALIZE_GETS = 3;
    public static final int FINALIZE_PUTS = 2;
    /** Writes per second a new on-demand table sustains before it has scaled (DynamoDB developer guide). */
    public static final int NEW_TABLE_WRITE_UNITS_PER_SECOND = 4000;

    /** The functions a successful run invokes, in order. */
    public static final List<String> FUNCTIONS = List.of("Prepare", "Validate", "Transform", "Load", "Finalize");

    /** One function's configured memory and timeout (config/pipeline.json). */
    public record Function(int memoryMb, int timeoutSeconds) {
    }

    /**
     * What the estimate needs of the pipeline.
     *
     * @param chunkBytes runDefaults.chunkBytes
     * @param maxConcurrency runDefaults.maxConcurrency (the Map's children at a time)
     * @param safetyMarginMillis runDefaults.safetyMarginMillis (a stage stops with a cursor below it)
     * @param functions at least {@link #FUNCTIONS}, by name
     * @param parentStates the number of top-level states of the definition
     * @param childStates the number of states of the Map's ItemProcessor (one child execution per chunk)
     */
    public record Pipeline(long chunkBytes, int maxConcurrency, long safetyMarginMillis, Map<String, Function> functions,
                           int parentStates, int childStates) {
        public Pipeline {
            if (chunkBytes < 1 || maxConcurrency < 1 || safetyMarginMillis < 0 || parentStates < 1 || childStates < 1) {
                throw new IllegalArgumentException("chunkBytes, maxConcurrency, parentStates and childStates must be "
                        + "positive and safetyMarginMillis not negative: " + chunkBytes + ", " + maxConcurrency + ", "
                        + parentStates + ", " + childStates + ", " + safetyMarginMillis);
            }
            for (String name : FUNCTIONS) {
                Function f = Objects.requireNonNull(functions.get(name), () -> "no function " + name + " configured");
                if (f.timeoutSeconds() * 1000L <= safetyMarginMillis) {
                    throw new IllegalArgumentException(name + "'s timeout (" + f.timeoutSeconds()
                            + " s) must be above the safety margin (" + safetyMarginMillis + " ms)");
                }
            }
            functions = Map.copyOf(functions);
        }
    }

    /** Per function: invocations and billed seconds of one run. */
    public record Usage(long invocations, double billedSeconds, double gbSeconds) {
    }

    /**
     * The estimate of one run.
     *
     * @param rows rows in the source
     * @param sourceBytes rows x row bytes
     * @param chunks chunks planned
     * @param usage per function of {@link #FUNCTIONS}
     * @param stateTransitions Step Functions state transitions
     * @param writeRequestUnits DynamoDB write request units
     * @param s3Puts S3 PUT-class requests (PUT, LIST)
     * @param s3Gets S3 GET requests
     * @param wallSeconds expected wall time at the configured concurrency
     * @param peakWriteUnitsPerSecond the write units per second of the Loads running at once
     * @param lambdaCost Lambda compute and requests, per run
     * @param stepFunctionsCost per run
     * @param dynamoDbCost per run
     * @param s3Cost per run
     */
    public record Estimate(long rows, long sourceBytes, long chunks, Map<String, Usage> usage, long stateTransitions,
                           long writeRequestUnits, long s3Puts, long s3Gets, double wallSeconds,
                           double peakWriteUnitsPerSecond, double lambdaCost,
                           double stepFunctionsCost, double dynamoDbCost, double s3Cost) {

        public long invocations() {
            return usage.values().stream().mapToLong(Usage::invocations).sum();
        }

        public double gbSeconds() {
            return usage.values().stream().mapToDouble(Usage::gbSeconds).sum();
        }

        public double costPerRun() {
            return lambdaCost + stepFunctionsCost + dynamoDbCost + s3Cost;
        }

        /** {@link #RUNS_PER_MONTH} nightly runs. */
        public double costPerMonth() {
            return costPerRun() * RUNS_PER_MONTH;
        }
    }

    private Estimator() {
    }

    /**
     * @param rows source rows, at least 1
     * @param rowBytes bytes per row in the source (and per DynamoDB item), at least 1
     */
    public static Estimate estimate(long rows, long rowBytes, Pipeline pipeline, Throughputs t, Prices prices) {
        if (rows < 1 || rowBytes < 1) {
            throw new IllegalArgumentException("--rows and --row-bytes must be at least 1, got " + rows + " and " + rowBytes);
        }
        long sourceBytes = Math.multiplyExact(rows, rowBytes);
        long chunks = Math.max(1, ceilDiv(sourceBytes, pipeline.chunkBytes()));
        double chunkBytes = (double) sourceBytes / chunks;
        double chunkRows = (double) rows / chunks;
        double overhead = t.invocationOverheadMillis() / 1000.0;

        Map<String, Usage> usage = new LinkedHashMap<>();
        Stage prepare = stage(sourceBytes / t.prepareBytesPerSecond(), pipeline, "Prepare", overhead);
        Stage validate = stage(chunkBytes / t.validateBytesPerSecond(), pipeline, "Validate", overhead);
        Stage transform = stage(chunkBytes / t.transformBytesPerSecond(), pipeline, "Transform", overhead);
        Stage load = stage(chunkRows / t.loadItemsPerSecond(), pipeline, "Load", overhead);
        double finalizeSeconds = overhead + chunks * t.finalizeMillisPerChunk() / 1000.0;

        usage.put("Prepare", usage(prepare.invocations(), prepare.seconds(), pipeline, "Prepare"));
        usage.put("Validate", usage(chunks * validate.invocations(), chunks * validate.seconds(), pipeline, "Validate"));
        usage.put("Transform", usage(chunks * transform.invocations(), chunks * transform.seconds(), pipeline, "Transform"));
        usage.put("Load", usage(chunks * load.invocations(), chunks * load.seconds(), pipeline, "Load"));
        usage.put("Finalize", usage(1, finalizeSeconds, pipeline, "Finalize"));

        long chunkContinuations = validate.invocations() + transform.invocations() + load.invocations() - 3;
        long transitions = pipeline.parentStates() + 2 * (prepare.invocations() - 1)
                + chunks * (pipeline.childStates() + 2 * chunkContinuations);

        long unitsPerItem = ceilDiv(rowBytes, 1024);
        long writeUnits = rows * unitsPerItem + JOB_RECORD_WRITES;

        long stageInvocations = chunks * (validate.invocations() + transform.invocations() + load.invocations());
        long puts = PREPARE_PUTS + (prepare.invocations() - 1) + stageInvocations * STAGE_PUTS + RESULT_WRITER_PUTS
                + FINALIZE_PUTS;
        long gets = PREPARE_GETS * prepare.invocations() + stageInvocations * STAGE_GETS + 1 + FINALIZE_GETS;

        long waves = ceilDiv(chunks, pipeline.maxConcurrency());
        double peakWrites = Math.min(chunks, pipeline.maxConcurrency()) * t.loadItemsPerSecond() * unitsPerItem;
        double wall = prepare.seconds() + waves * (validate.seconds() + transform.seconds() + load.seconds())
                + finalizeSeconds;

        double gbSeconds = usage.values().stream().mapToDouble(Usage::gbSeconds).sum();
        long invocations = usage.values().stream().mapToLong(Usage::invocations).sum();
        double lambdaCost = gbSeconds * prices.lambdaPerGbSecond() + invocations * prices.lambdaPerMillionRequests() / 1e6;
        double sfnCost = transitions * prices.perThousandStateTransitions() / 1000.0;
        double dynamoCost = writeUnits * prices.dynamoDbPerMillionWriteUnits() / 1e6;
        double s3Cost = puts * prices.s3PerThousandPuts() / 1000.0 + gets * prices.s3PerThousandGets() / 1000.0;
        return new Estimate(rows, sourceBytes, chunks, usage, transitions, writeUnits, puts, gets, wall, peakWrites, lambdaCost,
                sfnCost, dynamoCost, s3Cost);
    }

    /** One stage on one chunk (or Prepare on the source): invocations and billed seconds. */
    private record Stage(long invocations, double seconds) {
    }

    private static Stage stage(double workSeconds, Pipeline pipeline, String name, double overhead) {
        Function f = pipeline.functions().get(name);
        double usable = f.timeoutSeconds() - pipeline.safetyMarginMillis() / 1000.0;
        long invocations = Math.max(1, (long) Math.ceil(workSeconds / usable));
        return new Stage(invocations, workSeconds + invocations * overhead);
    }

    private static Usage usage(long invocations, double seconds, Pipeline pipeline, String name) {
        return new Usage(invocations, seconds, seconds * pipeline.functions().get(name).memoryMb() / 1024.0);
    }

    private static long ceilDiv(long a, long b) {
        return Math.floorDiv(a + b - 1, b);
    }
}
