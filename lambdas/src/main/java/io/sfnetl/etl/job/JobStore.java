package io.sfnetl.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.load.AttributeValues;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.storage.Json;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
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

    /**
     * Sets every attribute of {@code record} (which must hold {@code run}) on the run's record, creating it if
     * absent; attributes not in {@code record} stay (e.g. Prepare's lease and sources when Finalize writes).
     */
    public void merge(JsonNode record) {
        if (!record.hasNonNull(KEY)) {
            throw new IllegalArgumentException("a job record needs '" + KEY + "'");
        }
        Map<String, JsonNode> set = new java.util.LinkedHashMap<>();
        record.properties().forEach(e -> {
            if (!KEY.equals(e.getKey())) {
                set.put(e.getKey(), e.getValue());
            }
        });
        update(record.get(KEY).asText(), set);
    }

    /**
     * Adds {@code value} to the string set attribute {@code name} of the run's record (idempotent).
     *
     * @return false when the run has no record (none is created)
     */
    public boolean addToSet(String run, String name, String value) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(run)))
                    .updateExpression("ADD #a :v").conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#a", name, "#k", KEY))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromSs(List.of(value)))));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** A DynamoDB item as JSON: numbers keep their exact text, string sets become arrays. */
    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        item.forEach((k, v) -> n.set(k, toJson(v)));
        return n;
    }

    private static JsonNode toJson(AttributeValue v) {
        JsonNodeFactory f = Json.MAPPER.getNodeFactory();
        return switch (v.type()) {
            case S -> f.textNode(v.s());
            case N -> f.numberNode(new BigDecimal(v.n()));
            case BOOL -> f.booleanNode(v.bool());
            case NUL -> f.nullNode();
            case L -> {
                ArrayNode a = f.arrayNode();
                v.l().forEach(e -> a.add(toJson(e)));
                yield a;
            }
            case M -> toJson(v.m());
            case SS -> {
                ArrayNode a = f.arrayNode();
                v.ss().stream().sorted().forEach(a::add);
                yield a;
            }
            case NS -> {
                ArrayNode a = f.arrayNode();
                v.ns().forEach(e -> a.add(new BigDecimal(e)));
                yield a;
            }
            case B, BS, UNKNOWN_TO_SDK_VERSION -> f.textNode(String.valueOf(v));
        };
    }

    /** The run's record, or an empty map. */
    public Map<String, AttributeValue> get(String run) {
        return dynamo.getItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(run))).consistentRead(true))
                .item();
    }
}
