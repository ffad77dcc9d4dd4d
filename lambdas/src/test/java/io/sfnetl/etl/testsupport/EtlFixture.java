package io.sfnetl.etl.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.stage.Counts;
import io.sfnetl.etl.stage.Cursor;
import io.sfnetl.etl.stage.StageInput;
import io.sfnetl.etl.stage.StageOutput;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Uri;
import io.sfnetl.local.services.LocalServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/** A fresh bucket, dataset table and jobs table on the shared local services, with helpers. */
public final class EtlFixture {
    public final S3Client s3;
    public final DynamoDbClient dynamo;
    public final String bucket;
    public final String table;
    public final String jobsTable;
    public final EtlConfig config;

    private EtlFixture(LocalServices services) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.s3 = services.s3Client();
        this.dynamo = services.dynamoDbClient();
        this.bucket = "data-" + id;
        this.table = "orders-" + id;
        this.jobsTable = "jobs-" + id;
        s3.createBucket(r -> r.bucket(bucket));
        createTable(table, "pk");
        createTable(jobsTable, "run");
        this.config = EtlConfig.of(bucket, jobsTable).withDatasetTables(Map.of("orders", table))
                .withSafetyMarginMillis(1_000);
    }

    public static EtlFixture create(LocalServices services) {
        return new EtlFixture(services);
    }

    private void createTable(String name, String key) {
        dynamo.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(key).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(key).keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.HASH)));
    }

    public String put(String key, byte[] bytes) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        return new S3Uri(bucket, key).toString();
    }

    public String put(String key, String text) {
        return put(key, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Uploads a spec from the test resources {@code /specs/<name>}. */
    public String putSpec(String name) {
        try (InputStream in = EtlFixture.class.getResourceAsStream("/specs/" + name)) {
            return put("specs/" + name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every item of the dataset table by partition key. */
    public Map<String, Map<String, AttributeValue>> items() {
        Map<String, Map<String, AttributeValue>> out = new TreeMap<>();
        dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items()
                .forEach(i -> out.put(i.get("pk").s(), i));
        return out;
    }

    public Map<String, AttributeValue> job(String run) {
        return dynamo.getItem(r -> r.tableName(jobsTable).key(Map.of("run", AttributeValue.fromS(run)))
                .consistentRead(true)).item();
    }

    /** The JSON Lines of an object. */
    public List<JsonNode> lines(String key) {
        String text = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(Json.MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    /** A stage function: input, invocation number → output. */
    public interface Stage extends BiFunction<StageInput, Integer, StageOutput> {
    }

    /** The outputs of one chunk's stages and how many calls each took. */
    public record ChunkRun(StageOutput validate, StageOutput transform, StageOutput load, int calls) {
    }

    /**
     * Runs Validate, Transform and Load over one chunk as the state machine does: each stage called again with its
     * cursor until done; the next stage gets the previous one's written keys, counts and reject keys.
     */
    public static ChunkRun runChunk(StageInput first, Stage validate, Stage transform, Stage load) {
        int[] calls = {0};
        StageOutput v = loop(first, validate, calls);
        StageOutput t = loop(next(first, v), transform, calls);
        StageOutput l = loop(next(first, t), load, calls);
        return new ChunkRun(v, t, l, calls[0]);
    }

    private static StageInput next(StageInput first, StageOutput previous) {
        return new StageInput(first.run(), first.chunk(), first.spec(), Json.MAPPER.valueToTree(previous.written()),
                null, previous.counts(), null, previous.rejected(), null, first.source());
    }

    private static StageOutput loop(StageInput in, Stage stage, int[] calls) {
        StageOutput out = stage.apply(in, calls[0]++);
        int guard = 0;
        while (!out.done()) {
            if (++guard > 100_000) {
                throw new AssertionError("stage makes no progress");
            }
            Cursor c = out.cursor();
            out = stage.apply(new StageInput(in.run(), in.chunk(), in.spec(), in.read(), c, out.counts(),
                    out.written(), out.rejected(), in.config(), in.source()), calls[0]++);
        }
        return out;
    }

    public static Counts sum(List<Counts> counts) {
        return counts.stream().reduce(Counts.ZERO, Counts::plus);
    }
}
