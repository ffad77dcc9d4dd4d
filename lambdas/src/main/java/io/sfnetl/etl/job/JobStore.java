package io.sfnetl.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.load.AttributeValues;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The jobs table: one item per run, partition key {@code run} (string). Prepare writes it RUNNING, Finalize
 * SUCCEEDED or FAILED with counts, MarkJobFailed adds a failed execution's status, error and cause. Thread-safe.
 */
public final class JobStore {
    public static final String KEY = "run";
    private final DynamoDbClient dynamo;
    private final String table;

    public JobStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** Writes (replaces) the whole record; {@code record} must hold {@code run}. */
    public void put(JsonNode record) {
        if (!record.hasNonNull(KEY)) {
            throw new IllegalArgumentException("a job record needs '" + KEY + "'");
        }
        dynamo.putItem(r -> r.tableName(table).item(AttributeValues.item(record)));
    }

    /** Sets the given attributes on the run's record, creating it if absent; other attributes stay. */
    public void update(String run, Map<String, JsonNode> attributes) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder expr = new StringBuilder("SET ");
        int i = 0;
        for (Map.Entry<String, JsonNode> e : attributes.entrySet()) {
            if (i > 0) {
                expr.append(", ");
            }
            names.put("#a" + i, e.getKey());
            values.put(":v" + i, AttributeValues.of(e.getValue()));
            expr.append("#a").append(i).append(" = :v").append(i);
            i++;
        }
        dynamo.updateItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(run)))
                .updateExpression(expr.toString()).expressionAttributeNames(names).expressionAttributeValues(values));
    }

    /** The run's record, or an empty map. */
    public Map<String, AttributeValue> get(String run) {
        return dynamo.getItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(run))).consistentRead(true))
                .item();
    }
}
