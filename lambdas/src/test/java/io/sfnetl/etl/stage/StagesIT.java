package io.sfnetl.etl.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.load.Backoff;
import io.sfnetl.etl.load.UnprocessedItemsException;
import io.sfnetl.etl.stage.internal.SpecCache;
import io.sfnetl.etl.testsupport.EtlFixture;
import io.sfnetl.etl.testsupport.EtlFixture.ChunkRun;
import io.sfnetl.etl.testsupport.FakeContext;
import io.sfnetl.etl.testsupport.OrdersCsv;
import io.sfnetl.etl.testsupport.ThrottlingDynamoDb;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Validate → Transform → Load over whole chunks on s3proxy and DynamoDB Local. */
@ExtendWith(LocalServicesExtension.class)
class StagesIT {
    private static final OrdersCsv CSV = OrdersCsv.generate(3_000);

    private EtlFixture fx;
    private String spec;
    private String object;

    @BeforeEach
    void setUp(LocalServices services) {
        fx = EtlFixture.create(services);
        spec = fx.putSpec("orders.spec.json");
        object = fx.put("incoming/orders.csv", CSV.bytes());
    }

    private StageInput chunk(String run, String obj, long start, long end, boolean exact, boolean gz) {
        return new StageInput(run, "00000", spec, io.sfnetl.etl.storage.Json.MAPPER.valueToTree(
                new ChunkRange(obj, null, start, end, exact, start == 0 ? 1 : -1, gz)), null, null, null, null, null, obj);
    }

    private ChunkRun run(EtlFixture f, StageInput in, java.util.function.IntFunction<FakeContext> ctx, DynamoDbClient dynamo) {
        Validator v = new Validator(f.s3, f.config);
        Transformer t = new Transformer(f.s3, f.config);
        Loader l = new Loader(f.s3, dynamo, f.config, new SpecCache(f.s3), new Backoff(1, 5, 12));
        return EtlFixture.runChunk(in,
                (i, n) -> { FakeContext c = ctx.apply(n); return v.validate(i, c.getAwsRequestId(), RemainingTime.of(c)); },
                (i, n) -> { FakeContext c = ctx.apply(n); return t.transform(i, c.getAwsRequestId(), RemainingTime.of(c)); },
                (i, n) -> { FakeContext c = ctx.apply(n); return l.load(i, c.getAwsRequestId(), RemainingTime.of(c)); });
    }

    private ChunkRun runUninterrupted(String run) {
        return run(fx, chunk(run, object, 0, CSV.bytes().length, true, false), n -> FakeContext.unlimited(), fx.dynamo);
    }

    @Test
    void chunk_csvWithBadRows_countsReconcileAndItemsLoaded() {
        ChunkRun r = runUninterrupted("run1");

        Counts c = r.load().counts();
        assertThat(c.read()).isEqualTo(CSV.rows);
        assertThat(c.rejected()).isEqualTo(CSV.rejected);
        assertThat(c.duplicates()).isEqualTo(CSV.duplicates);
        assertThat(c.loaded()).isEqualTo(CSV.loaded);
        assertThat(c.read()).isEqualTo(c.loaded() + c.rejected() + c.duplicates());
        assertThat(c.valid()).isEqualTo(CSV.rows - CSV.rejected);
        assertThat(c.transformed()).isEqualTo(c.valid());
        assertThat(c.bytes()).isEqualTo(CSV.bytes().length - "order_id,customer,amount,order_date,paid\n".length());
        assertThat(c.continuations()).isZero();
        assertThat(r.calls()).isEqualTo(3);
        assertThat(r.validate().written()).singleElement().asString()
                .startsWith("staging/run1/00000/validate/0-");
        assertThat(r.load().rejected()).singleElement().asString().startsWith("rejects/run1/00000/validate/0-");

        var items = fx.items();
        assertThat(items).hasSize((int) CSV.loaded);
        var item = items.get("ORDER#1");
        assertThat(item.get("amount").n()).isEqualTo("1.01");
        assertThat(item.get("customer").s()).isEqualTo("CUSTOMER 1");
        assertThat(item.get("order_id").n()).isEqualTo("1");
        assertThat(item.get("paid").bool()).isFalse();
        assertThat(item.get("order_date").s()).isEqualTo("2024-01-02");
        // last wins for the hot keys: the last row with id 900000 + k is the last i % 11 == 0 with i % 3 == k
        assertThat(items.get("ORDER#900000").get("customer").s()).isEqualTo("CUSTOMER " + lastHot(0));
    }

    private static int lastHot(int k) {
        for (int i = CSV.rows > 0 ? (int) CSV.rows : 0; i > 0; i--) {
            if (i % 11 == 0 && i % 13 != 0 && i % 7 != 0 && i % 3 == k) {
                return i;
            }
        }
        throw new AssertionError();
    }

    @Test
    void chunk_rejects_carrySourcePositionMaskedRowAndEveryReason() {
        ChunkRun r = runUninterrupted("run2");

        List<JsonNode> rejects = fx.lines(r.load().rejected().getFirst());
        assertThat(rejects).hasSize((int) CSV.rejected);
        JsonNode badAmount = rejects.stream().filter(j -> j.path("line").asLong() == 8).findFirst().orElseThrow();
        assertThat(badAmount.path("object").asText()).isEqualTo(object);
        assertThat(badAmount.path("stage").asText()).isEqualTo("validate");
        assertThat(badAmount.path("reasons").toString()).contains("amount");
        assertThat(badAmount.path("raw").asText()).contains("abc").doesNotContain("Customer 7");
        assertThat(badAmount.path("offset").asLong()).isEqualTo(CSV.text.indexOf("\n7,") + 1);
        JsonNode malformed = rejects.stream().filter(j -> j.path("line").asLong() == 14).findFirst().orElseThrow();
        assertThat(malformed.path("reasons")).isNotEmpty();
    }

    @Test
    void chunk_remainingTimeRunsOutMidChunk_everyRecordOnceAndSameCounts(LocalServices services) {
        ChunkRun whole = runUninterrupted("whole");
        EtlFixture other = EtlFixture.create(services);
        spec = other.putSpec("orders.spec.json");
        String obj = other.put("incoming/orders.csv", CSV.bytes());

        ChunkRun cut = run(other, chunk("cut", obj, 0, CSV.bytes().length, true, false),
                n -> FakeContext.runningOutAfter(97 + n % 50), other.dynamo);

        assertThat(cut.validate().counts().continuations()).isGreaterThan(10);
        assertThat(cut.load().counts().continuations()).isGreaterThan(cut.transform().counts().continuations());
        assertThat(withoutContinuations(cut.load().counts())).isEqualTo(withoutContinuations(whole.load().counts()));
        assertThat(cut.validate().written()).hasSize((int) cut.validate().counts().continuations() + 1);
        assertThat(other.items()).isEqualTo(fx.items());
        List<Long> offsets = new ArrayList<>();
        for (String key : cut.transform().written()) {
            other.lines(key).forEach(j -> offsets.add(j.path("o").asLong()));
        }
        assertThat(offsets).hasSize((int) whole.transform().counts().transformed()).doesNotHaveDuplicates().isSorted();
    }

    private static Counts withoutContinuations(Counts c) {
        return new Counts(c.read(), c.valid(), c.rejected(), c.transformed(), c.loaded(), c.duplicates(), c.bytes(), 0);
    }

    @Test
    void load_retriedWithSameInputAndNewRequestId_identicalTableAndCounts() {
        ChunkRun first = runUninterrupted("retry");
        var before = fx.items();
        Loader l = new Loader(fx.s3, fx.dynamo, fx.config);
        StageInput loadInput = new StageInput("retry", "00000", spec,
                io.sfnetl.etl.storage.Json.MAPPER.valueToTree(first.transform().written()), null,
                first.transform().counts(), null, first.transform().rejected(), null, object);

        StageOutput again = l.load(loadInput, "another-request", RemainingTime.unlimited());

        assertThat(again.counts()).isEqualTo(first.load().counts());
        assertThat(fx.items()).isEqualTo(before);
        ChunkRun whole = runUninterrupted("retry");
        assertThat(whole.load().counts()).isEqualTo(first.load().counts());
        assertThat(whole.validate().written()).isNotEqualTo(first.validate().written());
        assertThat(fx.items()).isEqualTo(before);
    }

    @Test
    void load_batchesPartlyUnprocessed_resentUntilExactCounts() {
        ThrottlingDynamoDb throttled = new ThrottlingDynamoDb(fx.dynamo, false);

        ChunkRun r = run(fx, chunk("throttled", object, 0, CSV.bytes().length, true, false),
                n -> FakeContext.unlimited(), throttled);

        assertThat(throttled.unprocessedReturned.get()).isGreaterThan(CSV.loaded);
        assertThat(r.load().counts().loaded()).isEqualTo(CSV.loaded);
        assertThat(r.load().counts().duplicates()).isEqualTo(CSV.duplicates);
        assertThat(fx.items()).hasSize((int) CSV.loaded);
    }

    @Test
    void load_itemsNeverProcessed_failsNamingTableAndAttempts() {
        ThrottlingDynamoDb never = new ThrottlingDynamoDb(fx.dynamo, true);

        assertThatThrownBy(() -> run(fx, chunk("never", object, 0, CSV.bytes().length, true, false),
                n -> FakeContext.unlimited(), never))
                .isInstanceOf(UnprocessedItemsException.class)
                .hasMessageContaining(fx.table)
                .hasMessageContaining("after 12 attempts");
    }

    @Test
    void load_tableMissing_failsBeforeWritingAndSaysHowToDeclareIt() {
        EtlFixture f = fx;
        io.sfnetl.etl.config.EtlConfig undeclared = f.config.withDatasetTables(Map.of("orders", "no-such-table"));
        ChunkRun ok = runUninterrupted("missing");
        Loader l = new Loader(f.s3, f.dynamo, undeclared);
        StageInput loadInput = new StageInput("missing", "00000", spec,
                io.sfnetl.etl.storage.Json.MAPPER.valueToTree(ok.transform().written()), null,
                ok.transform().counts(), null, ok.transform().rejected(), null, object);

        assertThatThrownBy(() -> l.load(loadInput, "r1", RemainingTime.unlimited()))
                .isInstanceOf(io.sfnetl.etl.errors.InvalidInput.class)
                .hasMessageContaining("Table 'no-such-table' of dataset 'orders' does not exist")
                .hasMessageContaining("config/pipeline.json \"datasets\"");
    }

    @Test
    void load_tableKeyIsNotTheSpecsKey_failsNamingBothKeys() {
        String other = "other-key-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        fx.dynamo.createTable(r -> r.tableName(other).billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(
                        software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.HASH)));
        ChunkRun ok = runUninterrupted("keys");
        Loader l = new Loader(fx.s3, fx.dynamo, fx.config.withDatasetTables(Map.of("orders", other)));
        StageInput loadInput = new StageInput("keys", "00000", spec,
                io.sfnetl.etl.storage.Json.MAPPER.valueToTree(ok.transform().written()), null,
                ok.transform().counts(), null, ok.transform().rejected(), null, object);

        assertThatThrownBy(() -> l.load(loadInput, "r1", RemainingTime.unlimited()))
                .isInstanceOf(io.sfnetl.etl.errors.InvalidInput.class)
                .hasMessageContaining("Table '" + other + "' has the key (id), but dataset 'orders' targets (pk)");
        assertThat(fx.dynamo.scan(r -> r.tableName(other)).count()).isZero();
    }

    @Test
    void load_duplicatePolicyReject_laterRowsRejectedNotCounted() {
        spec = fx.putSpec("orders-dup-reject.spec.json");

        ChunkRun r = runUninterrupted("dupreject");

        Counts c = r.load().counts();
        assertThat(c.duplicates()).isZero();
        assertThat(c.rejected()).isEqualTo(CSV.rejected + CSV.duplicates);
        assertThat(c.loaded()).isEqualTo(CSV.loaded);
        assertThat(r.load().rejected()).hasSize(2);
        assertThat(fx.lines(r.load().rejected().get(1))).allSatisfy(j -> {
            assertThat(j.path("stage").asText()).isEqualTo("load");
            assertThat(j.path("reasons").toString()).contains("duplicate target key");
            assertThat(j.path("object").asText()).isEqualTo(object);
        });
    }

    @Test
    void validate_sourceChangedSincePlanned_failsSourceNotFound() {
        String etag = fx.s3.headObject(b -> b.bucket(fx.bucket).key("incoming/orders.csv")).eTag();
        fx.put("incoming/orders.csv", "order_id,customer,amount,order_date,paid\n1,a,1.00,2024-01-01,true\n");
        StageInput in = new StageInput("changed", "00000", spec, io.sfnetl.etl.storage.Json.MAPPER.valueToTree(
                new ChunkRange(object, etag, 0, 1000, true, 1, false)), null, null, null, null, null, object);

        assertThatThrownBy(() -> new Validator(fx.s3, fx.config).validate(in, "req", RemainingTime.unlimited()))
                .isInstanceOf(io.sfnetl.etl.errors.SourceNotFound.class)
                .hasMessageContaining(object)
                .hasMessageContaining("changed since the run was planned");
    }

    @Test
    void validate_byteRangeChunks_everyRecordExactlyOnce() {
        Validator v = new Validator(fx.s3, fx.config);
        int size = CSV.bytes().length;
        long read = 0;
        Set<Long> offsets = new HashSet<>();
        int chunkBytes = 4_099;
        for (int start = 0, n = 0; start < size; start += chunkBytes, n++) {
            StageInput in = new StageInput("ranges", String.format("%05d", n), spec,
                    io.sfnetl.etl.storage.Json.MAPPER.valueToTree(new ChunkRange(object, null, start,
                            Math.min(size, start + chunkBytes), start == 0, start == 0 ? 1 : -1, false)),
                    null, null, null, null, null, object);
            StageOutput out = v.validate(in, "req", RemainingTime.unlimited());
            read += out.counts().read();
            for (String k : out.written()) {
                for (JsonNode j : fx.lines(k)) {
                    assertThat(offsets.add(j.path("o").asLong())).as("offset read twice").isTrue();
                }
            }
        }
        assertThat(read).isEqualTo(CSV.rows);
        assertThat(offsets).hasSize((int) (CSV.rows - CSV.rejected));
    }

    @Test
    void chunk_gzipObject_sameCountsAsPlain() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(CSV.bytes());
        }
        String gzObject = fx.put("incoming/orders.csv.gz", gz.toByteArray());

        ChunkRun r = run(fx, chunk("gz", gzObject, 0, Long.MAX_VALUE, true, true),
                n -> FakeContext.runningOutAfter(400), fx.dynamo);

        assertThat(withoutContinuations(r.load().counts())).isEqualTo(withoutContinuations(
                runUninterrupted("plain").load().counts()));
        assertThat(r.validate().counts().continuations()).isGreaterThan(0);
    }
}
