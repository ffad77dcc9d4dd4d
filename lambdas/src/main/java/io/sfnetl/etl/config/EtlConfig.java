package io.sfnetl.etl.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the ETL functions, read once per container from the environment ({@link #fromEnv()}); CDK and
 * the local twin set the environment from {@code config/pipeline.json}.
 *
 * <table>
 * <caption>Environment variables</caption>
 * <tr><th>variable</th><th>field</th><th>default</th></tr>
 * <tr><td>ETL_DATA_BUCKET</td><td>{@link #dataBucket()}: the only bucket sources, specs, staging, rejects and
 *   manifests may live in</td><td>{@code null}: any bucket (local tests only)</td></tr>
 * <tr><td>ETL_JOBS_TABLE</td><td>{@link #jobsTable()}</td><td>{@code etl-jobs}</td></tr>
 * <tr><td>ETL_DATASET_TABLES</td><td>{@link #datasetTables()}, JSON object {@code {"orders":"orders"}} or
 *   {@code orders=orders,x=y}</td><td>empty: the spec's {@code target.table}</td></tr>
 * <tr><td>ETL_CHUNK_BYTES, ETL_MAX_CONCURRENCY, ETL_TOLERATED_FAILURE_PERCENTAGE, ETL_MAX_REJECT_PERCENT</td>
 *   <td>{@link #defaults()}</td><td>{@link RunConfig#PIPELINE_DEFAULTS} (64 MiB, 10, 0, 5)</td></tr>
 * <tr><td>ETL_SAFETY_MARGIN_MILLIS</td><td>{@link #safetyMarginMillis()}: a stage stops and returns a cursor when
 *   the remaining time drops below it</td><td>60000</td></tr>
 * <tr><td>ETL_LOAD_PARALLELISM</td><td>{@link #loadParallelism()}: concurrent BatchWriteItem calls</td><td>4</td></tr>
 * </table>
 *
 * @param dataBucket the data bucket, or null to accept any bucket
 * @param jobsTable DynamoDB table of job records (partition key {@code run}, string)
 * @param datasetTables logical dataset name to DynamoDB table; a dataset not in the map loads into its spec's
 *     {@code target.table}
 * @param defaults run defaults, overridden per run by the execution input
 * @param safetyMarginMillis remaining time below which a stage flushes and returns {@code done:false}
 * @param loadParallelism concurrent BatchWriteItem calls in Load (at least 1)
 */
public record EtlConfig(String dataBucket, String jobsTable, Map<String, String> datasetTables, RunConfig defaults,
                        long safetyMarginMillis, int loadParallelism) {

    public static final String DEFAULT_JOBS_TABLE = "etl-jobs";
    public static final long DEFAULT_SAFETY_MARGIN_MILLIS = 60_000;
    public static final int DEFAULT_LOAD_PARALLELISM = 4;

    public EtlConfig {
        Objects.requireNonNull(jobsTable, "jobsTable");
        datasetTables = Map.copyOf(datasetTables == null ? Map.of() : datasetTables);
        defaults = defaults == null ? RunConfig.PIPELINE_DEFAULTS : defaults;
        if (loadParallelism < 1) {
            throw new IllegalArgumentException("loadParallelism must be at least 1, was " + loadParallelism);
        }
    }

    /** A configuration for tests and the twin: the given bucket and jobs table, every other value its default. */
    public static EtlConfig of(String dataBucket, String jobsTable) {
        return new EtlConfig(dataBucket, jobsTable, Map.of(), RunConfig.PIPELINE_DEFAULTS,
                DEFAULT_SAFETY_MARGIN_MILLIS, DEFAULT_LOAD_PARALLELISM);
    }

    public EtlConfig withSafetyMarginMillis(long v) {
        return new EtlConfig(dataBucket, jobsTable, datasetTables, defaults, v, loadParallelism);
    }

    public EtlConfig withDatasetTables(Map<String, String> v) {
        return new EtlConfig(dataBucket, jobsTable, v, defaults, safetyMarginMillis, loadParallelism);
    }

    public EtlConfig withDefaults(RunConfig v) {
        return new EtlConfig(dataBucket, jobsTable, datasetTables, v, safetyMarginMillis, loadParallelism);
    }

    public EtlConfig withLoadParallelism(int v) {
        return new EtlConfig(dataBucket, jobsTable, datasetTables, defaults, safetyMarginMillis, v);
    }

    /** The table a dataset loads into: the configured one, else the spec's own {@code target.table}. */
    public String tableFor(String dataset, String specTable) {
        return datasetTables.getOrDefault(dataset, specTable);
    }

    public static EtlConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Reads the variables listed in the class comment; a malformed value fails with the variable's name. */
    public static EtlConfig fromEnv(Map<String, String> env) {
        RunConfig d = RunConfig.PIPELINE_DEFAULTS;
        RunConfig defaults = new RunConfig(
                longVar(env, "ETL_CHUNK_BYTES", d.chunkBytes()),
                (int) longVar(env, "ETL_MAX_CONCURRENCY", d.maxConcurrency()),
                doubleVar(env, "ETL_TOLERATED_FAILURE_PERCENTAGE", d.toleratedFailurePercentage()),
                doubleVar(env, "ETL_MAX_REJECT_PERCENT", d.maxRejectPercent()));
        return new EtlConfig(blankToNull(env.get("ETL_DATA_BUCKET")),
                Objects.requireNonNullElse(blankToNull(env.get("ETL_JOBS_TABLE")), DEFAULT_JOBS_TABLE),
                tables(env.get("ETL_DATASET_TABLES")), defaults,
                longVar(env, "ETL_SAFETY_MARGIN_MILLIS", DEFAULT_SAFETY_MARGIN_MILLIS),
                (int) longVar(env, "ETL_LOAD_PARALLELISM", DEFAULT_LOAD_PARALLELISM));
    }

    private static Map<String, String> tables(String value) {
        String v = blankToNull(value);
        if (v == null) {
            return Map.of();
        }
        if (v.trim().startsWith("{")) {
            try {
                return new ObjectMapper().readValue(v, new TypeReference<LinkedHashMap<String, String>>() {});
            } catch (Exception e) {
                throw new IllegalArgumentException("ETL_DATASET_TABLES is not a JSON object of strings ("
                        + e.getMessage() + "); set it like {\"orders\":\"orders\"} or orders=orders,x=y", e);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : v.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("ETL_DATASET_TABLES entry '" + pair
                        + "' is not dataset=table; set it like orders=orders,x=y");
            }
            out.put(kv[0].trim(), kv[1].trim());
        }
        return out;
    }

    private static long longVar(Map<String, String> env, String name, long dflt) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + v + "' is not an integer; unset it for the default " + dflt, e);
        }
    }

    private static double doubleVar(Map<String, String> env, String name, double dflt) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + v + "' is not a number; unset it for the default " + dflt, e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
