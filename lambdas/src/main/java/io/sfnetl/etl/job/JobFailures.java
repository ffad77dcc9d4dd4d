package io.sfnetl.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.storage.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * MarkJobFailed: records a failed run from the EventBridge "Step Functions Execution Status Change" event
 * ({@code detail: {executionArn, name, status, input (JSON string), error, cause, stopDate}}) on the run's job
 * record (status, error, cause, executionArn, failedAt), keeping what Prepare and Finalize wrote, and releases the
 * run's lease (if it still holds it) so the next run of the dataset and source can start. Thread-safe.
 */
public final class JobFailures {
    /** Causes are cut to this length (a job record is at most 400 KB). */
    public static final int MAX_CAUSE_CHARS = 32_000;
    private static final JsonLog LOG = JsonLog.get(JobFailures.class);
    private final JobStore jobs;
    private final JobRecords records;

    public JobFailures(DynamoDbClient dynamo, String jobsTable) {
        this.jobs = new JobStore(dynamo, jobsTable);
        this.records = new JobRecords(null, dynamo, jobsTable, RunLease.fromEnv(dynamo, jobsTable));
    }

    public FailedRun record(JsonNode event) {
        JsonNode detail = event == null ? null : event.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new InvalidInput("MarkJobFailed input must be an EventBridge 'Step Functions Execution Status Change'"
                    + " event with a 'detail' object; got " + (event == null ? "null" : event.getNodeType()));
        }
        String run = runId(detail);
        if (run == null) {
            throw new InvalidInput("MarkJobFailed: the event names no execution (detail.name) and its input no runId");
        }
        String status = detail.path("status").asText("FAILED");
        String error = text(detail, "error");
        String cause = text(detail, "cause");
        if (cause != null && cause.length() > MAX_CAUSE_CHARS) {
            cause = cause.substring(0, MAX_CAUSE_CHARS) + "...(truncated)";
        }
        String arn = text(detail, "executionArn");
        Map<String, JsonNode> set = new LinkedHashMap<>();
        set.put("status", TextNode.valueOf(status));
        set.put("failedAt", TextNode.valueOf(stopTime(detail)));
        if (error != null) {
            set.put("error", TextNode.valueOf(error));
        }
        if (cause != null) {
            set.put("cause", TextNode.valueOf(cause));
        }
        if (arn != null) {
            set.put("executionArn", TextNode.valueOf(arn));
        }
        jobs.update(run, set);
        records.markFinished(run, Instant.now());
        LOG.info("run marked failed", Map.of("run", run, "status", status, "error", error == null ? "" : error));
        return new FailedRun(run, status, error, cause, arn);
    }

    private static String runId(JsonNode detail) {
        JsonNode input = detail.get("input");
        if (input != null && input.isTextual()) {
            try {
                JsonNode parsed = Json.MAPPER.readTree(input.asText());
                if (parsed != null && parsed.hasNonNull("runId")) {
                    return parsed.get("runId").asText();
                }
            } catch (Exception ignored) {
                // An unparsable input cannot name the run; the execution name does.
            }
        } else if (input != null && input.hasNonNull("runId")) {
            return input.get("runId").asText();
        }
        return text(detail, "name");
    }

    private static String stopTime(JsonNode detail) {
        JsonNode stop = detail.get("stopDate");
        if (stop != null && stop.isNumber()) {
            return Instant.ofEpochMilli(stop.asLong()).toString();
        }
        return stop != null && stop.isTextual() ? stop.asText() : Instant.now().toString();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
