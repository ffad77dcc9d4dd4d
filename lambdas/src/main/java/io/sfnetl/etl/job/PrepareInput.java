package io.sfnetl.etl.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.config.RunConfig;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Uri;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The execution input as Prepare receives it (brief §1): {@code {dataset, source, runId, chunkBytes?,
 * maxConcurrency?, toleratedFailurePercentage?, maxRejectPercent?, scheduledTime?}}, plus {@code cursor} when Prepare
 * is called again to continue a sequential scan. Build it with {@link #parse}, which checks every field.
 *
 * @param dataset {@code s3://} URI of the dataset spec
 * @param source {@code s3://} URI of a source object or a prefix
 * @param runId the run id (the state machine passes the execution name when the input has none)
 * @param chunkBytes planned chunk size override, or null
 * @param maxConcurrency Map concurrency override, or null
 * @param toleratedFailurePercentage Map tolerated failure override, or null
 * @param maxRejectPercent reject threshold override, or null
 * @param scheduledTime the schedule's time for scheduled runs (recorded), or null
 * @param cursor Prepare's own cursor from its last output ({@code done:false}), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrepareInput(String dataset, String source, String runId, Long chunkBytes, Integer maxConcurrency,
                           Double toleratedFailurePercentage, Double maxRejectPercent, String scheduledTime,
                           PrepareCursor cursor) {

    /** Run ids become S3 key segments and execution names. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");

    /** The overrides applied to the defaults (null fields keep the default). */
    public RunConfig applyTo(RunConfig defaults) {
        RunConfig c = defaults;
        if (chunkBytes != null) {
            c = c.withChunkBytes(chunkBytes);
        }
        if (maxConcurrency != null) {
            c = c.withMaxConcurrency(maxConcurrency);
        }
        if (toleratedFailurePercentage != null) {
            c = c.withToleratedFailurePercentage(toleratedFailurePercentage);
        }
        if (maxRejectPercent != null) {
            c = c.withMaxRejectPercent(maxRejectPercent);
        }
        return c;
    }

    /**
     * Checks and converts the raw execution input.
     *
     * @throws InvalidInput naming every problem: the field, the value, what is expected
     */
    public static PrepareInput parse(JsonNode in, EtlConfig config) {
        List<String> problems = new ArrayList<>();
        if (in == null || !in.isObject()) {
            throw new InvalidInput("Execution input must be a JSON object {\"dataset\": \"s3://...spec.json\", "
                    + "\"source\": \"s3://...\"}, was " + (in == null ? "null" : in.getNodeType()));
        }
        String dataset = s3Field(in, "dataset", "the dataset spec, e.g. s3://<bucket>/specs/orders.spec.json", config,
                problems);
        String source = s3Field(in, "source", "a source object or prefix, e.g. s3://<bucket>/incoming/orders/",
                config, problems);
        String runId = text(in, "runId", problems);
        if (runId == null && !in.has("runId")) {
            problems.add("/runId: missing; pass the run id (the state machine sets it to the execution name)");
        } else if (runId != null && !RUN_ID.matcher(runId).matches()) {
            problems.add("/runId: '" + runId + "' is not a valid run id; use 1-80 letters, digits, '-', '_' or '.', "
                    + "starting with a letter or digit");
        }
        Long chunkBytes = integer(in, "chunkBytes", 1, 1L << 40, problems);
        Long maxConcurrency = integer(in, "maxConcurrency", 0, 10_000, problems);
        Double tolerated = number(in, "toleratedFailurePercentage", problems);
        Double maxReject = number(in, "maxRejectPercent", problems);
        String scheduledTime = text(in, "scheduledTime", problems);
        PrepareCursor cursor = null;
        if (in.hasNonNull("cursor")) {
            try {
                cursor = Json.MAPPER.treeToValue(in.get("cursor"), PrepareCursor.class);
            } catch (Exception e) {
                problems.add("/cursor: not a Prepare cursor (" + e.getMessage() + "); pass back Prepare's own output "
                        + "cursor unchanged, or omit it to start over");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput("Invalid execution input (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", problems));
        }
        return new PrepareInput(dataset, source, runId, chunkBytes,
                maxConcurrency == null ? null : maxConcurrency.intValue(), tolerated, maxReject, scheduledTime, cursor);
    }

    private static String text(JsonNode in, String name, List<String> problems) {
        JsonNode v = in.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add("/" + name + ": must be a non-empty string, was " + v);
            return null;
        }
        return v.asText();
    }

    private static String s3Field(JsonNode in, String name, String what, EtlConfig config, List<String> problems) {
        if (!in.hasNonNull(name)) {
            problems.add("/" + name + ": missing; pass " + what);
            return null;
        }
        String v = text(in, name, problems);
        if (v == null) {
            return null;
        }
        S3Uri uri;
        try {
            uri = S3Uri.parse(v);
        } catch (IllegalArgumentException e) {
            problems.add("/" + name + ": " + e.getMessage() + " (" + what + "); upload local files to the data bucket "
                    + "first (the etl CLI does)");
            return null;
        }
        if (config.dataBucket() != null && !config.dataBucket().equals(uri.bucket())) {
            problems.add("/" + name + ": '" + v + "' is outside the data bucket '" + config.dataBucket()
                    + "'; copy it to s3://" + config.dataBucket() + "/ and pass that URI");
        }
        return v;
    }

    private static Long integer(JsonNode in, String name, long min, long max, List<String> problems) {
        JsonNode v = in.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)) {
            problems.add("/" + name + ": must be an integer between " + min + " and " + max + ", was " + v);
            return null;
        }
        long n = v.asLong();
        if (n < min || n > max) {
            problems.add("/" + name + ": " + n + " is out of range; use an integer between " + min + " and " + max);
            return null;
        }
        return n;
    }

    private static Double number(JsonNode in, String name, List<String> problems) {
        JsonNode v = in.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 100) {
            problems.add("/" + name + ": must be a number between 0 and 100 (percent), was " + v);
            return null;
        }
        return v.asDouble();
    }
}
