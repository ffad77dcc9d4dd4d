package io.sfnetl.local.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.job.JobStore;
import io.sfnetl.etl.job.RunLease;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads job records from the jobs table (lease items left out), as JSON with DynamoDB's exact numbers. Works the
 * same against the twin's DynamoDB and AWS. Thread-safe.
 */
public final class JobRecordsReader {
    private final DynamoDbClient dynamo;
    private final String table;

    public JobRecordsReader(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Every job record (optionally of one dataset), the most recently started first. */
    public List<ObjectNode> list(String dataset) {
        List<ObjectNode> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(r -> r.tableName(table)).items()) {
            if (isLease(item)) {
                continue;
            }
            ObjectNode job = JobStore.toJson(item);
            if (dataset == null || dataset.equals(job.path("dataset").asText(null))) {
                out.add(job);
            }
        }
        out.sort(Comparator.comparing((ObjectNode j) -> j.path("startedAt").asText("")).reversed()
                .thenComparing(j -> j.path("run").asText()));
        return out;
    }

    /** The run's record, if any. */
    public Optional<ObjectNode> get(String run) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of(JobStore.KEY, AttributeValue.fromS(run))).consistentRead(true)).item();
        return item == null || item.isEmpty() || isLease(item) ? Optional.empty() : Optional.of(JobStore.toJson(item));
    }

    /** Lease items share the table ({@link RunLease}). */
    static boolean isLease(Map<String, AttributeValue> item) {
        AttributeValue kind = item.get("kind");
        AttributeValue key = item.get(JobStore.KEY);
        return kind != null && RunLease.KIND.equals(kind.s()) || key != null && key.s() != null
                && key.s().startsWith(RunLease.KEY_PREFIX);
    }

    /** The time a finished run ended (finishedAt, else failedAt), or null while it runs. */
    public static String endedAt(JsonNode job) {
        if (job.hasNonNull("finishedAt")) {
            return job.get("finishedAt").asText();
        }
        return job.hasNonNull("failedAt") ? job.get("failedAt").asText() : null;
    }
}
