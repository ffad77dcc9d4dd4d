package io.sfnetl.bench;

import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.load.AttributeValues;
import io.sfnetl.etl.load.BatchWriter;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.rules.RowValidator;
import io.sfnetl.etl.rules.Validation;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.stage.Loader;
import io.sfnetl.etl.stage.RemainingTime;
import io.sfnetl.etl.stage.StageInput;
import io.sfnetl.etl.stage.StageOutput;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3PartWriter;
import io.sfnetl.etl.storage.StagingLines;
import io.sfnetl.etl.transform.KeyOf;
import io.sfnetl.etl.transform.RowTransformer;
import io.sfnetl.etl.transform.Transformed;
import io.sfnetl.local.services.LocalServices;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 2's benchmark (b): the Load stage ({@link Loader}: staging part from S3, duplicate scan, JSON to attribute
 * values, {@link BatchWriter} with {@code ETL_LOAD_PARALLELISM} calls in flight) into DynamoDB Local (in memory,
 * over HTTP, as the twin runs it) against a plain BatchWriteItem loop of the same items with the same number of
 * threads, measured in the same run on fresh tables. The baseline's items are converted before its clock starts.
 */
final class LoadBench {
    private LoadBench() {
    }

    static void run(DatasetSpec spec, Path file, long rows, PrintStream out) throws Exception {
        int parallelism = Integer.parseInt(System.getenv().getOrDefault("ETL_LOAD_PARALLELISM",
                String.valueOf(EtlConfig.DEFAULT_LOAD_PARALLELISM)));
        try (LocalServices services = LocalServices.start(LocalServices.Options.inMemory())) {
            S3Client s3 = services.s3Client();
            DynamoDbClient dynamo = services.dynamoDbClient();
            s3.createBucket(r -> r.bucket("bench"));
            s3.putObject(r -> r.bucket("bench").key("manifests/bench/spec.json"),
                    RequestBody.fromFile(Path.of("samples/orders/orders.spec.json")));
            String partKey = "staging/bench/c0/transform/0-bench";
            List<Map<String, AttributeValue>> items = stage(spec, file, rows, s3, partKey);
            out.printf(Locale.ROOT, "load: %d staged items (%d distinct keys), DynamoDB Local in memory at %s, "
                    + "parallelism %d%n", rows, items.size(), services.dynamoDbEndpoint(), parallelism);

            // warm-up of both paths on throw-away tables (JIT, connections)
            int warm = Math.min(2_000, items.size());
            plainLoop(dynamo, table(dynamo, "warm-plain"), items.subList(0, warm), parallelism);
            stagePart(s3, spec, partKey + "-warm", warm, file);
            loader(s3, dynamo, table(dynamo, "warm-etl"), partKey + "-warm", parallelism);

            // plain, Load, plain, Load on fresh tables: each ratio pairs two runs made back to back
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= 2; round++) {
                String plainTable = table(dynamo, "plain-" + round);
                long t0 = System.nanoTime();
                long plainWritten = plainLoop(dynamo, plainTable, items, parallelism);
                double plain = (System.nanoTime() - t0) / 1e9;

                String etlTable = table(dynamo, "etl-" + round);
                t0 = System.nanoTime();
                StageOutput o = loader(s3, dynamo, etlTable, partKey, parallelism);
                double etl = (System.nanoTime() - t0) / 1e9;

                long inTable = dynamo.scanPaginator(r -> r.tableName(etlTable).select("COUNT")).stream()
                        .mapToLong(p -> p.count()).sum();
                double ratio = (o.counts().loaded() / etl) / (plainWritten / plain);
                ratios.add(ratio);
                out.printf(Locale.ROOT, "  round %d: plain BatchWriteItem loop (%d threads) %,.0f items/s (%d items, %.2f s); "
                        + "Load stage %,.0f items/s (loaded %d, duplicates %d, %.2f s; %d in the table); ratio %.2f%n",
                        round, parallelism, plainWritten / plain, plainWritten, plain, o.counts().loaded() / etl,
                        o.counts().loaded(), o.counts().duplicates(), etl, inTable, ratio);
                if (o.counts().loaded() != plainWritten || inTable != plainWritten) {
                    throw new IllegalStateException("Load wrote " + o.counts().loaded() + " items (" + inTable
                            + " in the table), the baseline " + plainWritten);
                }
            }
            out.printf(Locale.ROOT, "ratio (b) = %.2f (target >= 0.9; median of the rounds: %s)%n",
                    EtlBench.median(ratios), ratios);
        }
    }

    /**
     * Validates and transforms the first {@code rows} valid rows of the file into one staging part (as Transform
     * writes it) and returns the items the baseline writes: one per key, the last one (Load's default policy).
     */
    private static List<Map<String, AttributeValue>> stage(DatasetSpec spec, Path file, long rows, S3Client s3,
                                                           String key) throws Exception {
        KeyOf keyOf = RowTransformer.of(spec).keyOf();
        Map<String, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
        stagePart(s3, spec, key, rows, file).forEach(item -> {
            String k = keyOf.dedupKey(item);
            byKey.remove(k);
            byKey.put(k, AttributeValues.item(item));
        });
        return new ArrayList<>(byKey.values());
    }

    private static List<com.fasterxml.jackson.databind.node.ObjectNode> stagePart(S3Client s3, DatasetSpec spec,
            String key, long rows, Path file) throws Exception {
        RowValidator validator = RowValidator.of(spec);
        RowTransformer transformer = RowTransformer.of(spec);
        List<com.fasterxml.jackson.databind.node.ObjectNode> items = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
             RecordReader reader = RecordReaders.open(spec, in, ReadRange.whole());
             S3PartWriter part = new S3PartWriter(s3, "bench", key, "application/x-ndjson")) {
            StagingLines.Writer lines = new StagingLines.Writer(part);
            for (SourceRecord r = reader.next(); r != null && items.size() < rows; r = reader.next()) {
                if (validator.validate(r) instanceof Validation.Valid v
                        && transformer.transform(v.values()) instanceof Transformed.Ok ok) {
                    lines.row(r.offset(), r.line(), ok.values());
                    items.add(ok.item());
                }
            }
            lines.flush();
        }
        return items;
    }

    private static StageOutput loader(S3Client s3, DynamoDbClient dynamo, String table, String partKey,
                                      int parallelism) {
        EtlConfig config = EtlConfig.of("bench", "jobs").withDatasetTables(Map.of("orders", table))
                .withLoadParallelism(parallelism);
        StageInput in = new StageInput("bench", "c0", "s3://bench/manifests/bench/spec.json",
                Json.MAPPER.valueToTree(List.of(partKey)), null, null, null, null, null, "s3://bench/orders.csv");
        return new Loader(s3, dynamo, config).load(in, "bench", RemainingTime.unlimited());
    }

    /** The baseline: {@code threads} threads, each sending its share of 25-item batches, resending UnprocessedItems. */
    static long plainLoop(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items, int threads)
            throws Exception {
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int i = 0; i < items.size(); i += BatchWriter.BATCH) {
            List<WriteRequest> b = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(i, Math.min(items.size(), i + BatchWriter.BATCH))) {
                b.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            batches.add(b);
        }
        long written = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Long>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    long n = 0;
                    for (int i = first; i < batches.size(); i += threads) {
                        List<WriteRequest> todo = batches.get(i);
                        while (!todo.isEmpty()) {
                            List<WriteRequest> request = todo;
                            BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, request)));
                            todo = r.unprocessedItems().getOrDefault(table, List.of());
                            n += request.size() - todo.size();
                        }
                    }
                    return n;
                }));
            }
            for (Future<Long> f : futures) {
                written += f.get();
            }
        }
        return written;
    }

    private static String table(DynamoDbClient dynamo, String name) {
        dynamo.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("order_id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("order_id").keyType(KeyType.HASH)));
        return name;
    }
}
