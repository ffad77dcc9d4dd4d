package io.sfnetl.etl.stage;

import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.load.AttributeValues;
import io.sfnetl.etl.load.Backoff;
import io.sfnetl.etl.load.BatchWriter;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.DuplicatePolicy;
import io.sfnetl.etl.spec.Masking;
import io.sfnetl.etl.stage.internal.Deadline;
import io.sfnetl.etl.stage.internal.PartReader;
import io.sfnetl.etl.stage.internal.PartSink;
import io.sfnetl.etl.stage.internal.RunSpec;
import io.sfnetl.etl.stage.internal.SpecCache;
import io.sfnetl.etl.transform.KeyOf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Load stage: streams the transformed parts it is handed into the dataset's table with {@link BatchWriter}
 * (25 items a call, UnprocessedItems resent with backoff and jitter, bounded parallelism). Items carry the target
 * key attributes the spec composes, so a repeated or redriven chunk overwrites the same items (idempotent).
 *
 * <p>Duplicates by key are found over all the parts Load is handed for the chunk (a first pass reads their keys
 * only, so memory holds the chunk's keys, not its rows); this includes "within each part" (brief §1) and makes the
 * counts independent of how earlier stages split their output across continuations. With the spec's
 * {@code last-wins} (default) only a key's last row is written, with {@code first-wins} its first, and the others
 * are counted in {@code duplicates}; with {@code reject} later rows are rejects. Rows whose key cannot be composed
 * are rejects, and so are items DynamoDB refuses ({@code ValidationException}: over 400 KB, an empty key string;
 * see {@link BatchWriter}). Continuation as {@link Validator}; in-flight batches complete before a cursor is returned.
 * Thread-safe.
 */
public final class Loader {
    public static final String STAGE = "load";
    private static final JsonLog LOG = JsonLog.get(Loader.class);

    private final S3Client s3;
    private final DynamoDbClient dynamo;
    private final EtlConfig config;
    private final SpecCache specs;
    private final Backoff backoff;
    /** Tables whose existence and key were checked ({@link #requireTable}). */
    private final java.util.Set<String> checkedTables = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Loader(S3Client s3, DynamoDbClient dynamo, EtlConfig config) {
        this(s3, dynamo, config, new SpecCache(s3), Backoff.DEFAULT);
    }

    public Loader(S3Client s3, DynamoDbClient dynamo, EtlConfig config, SpecCache specs, Backoff backoff) {
        this.s3 = s3;
        this.dynamo = dynamo;
        this.config = config;
        this.specs = specs;
        this.backoff = backoff;
    }

    /**
     * Fails fast, before a row is written, when the dataset's table does not exist (or this function may not use
     * it: on AWS a table the stack does not declare) or its key is not the spec's target key (every item would be
     * refused). Checked once per table and container.
     *
     * @throws InvalidInput saying what to change
     */
    private void requireTable(String table, DatasetSpec spec) {
        if (checkedTables.contains(table)) {
            return;
        }
        TableDescription description;
        try {
            description = dynamo.describeTable(b -> b.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            throw new InvalidInput(undeclared(table, spec, "does not exist"), e);
        } catch (DynamoDbException e) {
            if (e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                throw new InvalidInput(undeclared(table, spec, "may not be written by this function (AccessDenied)"), e);
            }
            throw e;
        }
        String hash = null;
        String range = null;
        for (KeySchemaElement k : description.keySchema()) {
            if (k.keyType() == KeyType.HASH) {
                hash = k.attributeName();
            } else {
                range = k.attributeName();
            }
        }
        String pk = spec.target().partitionKey().name();
        String sk = spec.target().sortKey() == null ? null : spec.target().sortKey().name();
        if (!pk.equals(hash) || !java.util.Objects.equals(sk, range)) {
            throw new InvalidInput("Table '" + table + "' has the key " + key(hash, range) + ", but dataset '"
                    + spec.dataset() + "' targets " + key(pk, sk) + " (spec target.partitionKey/sortKey): every item "
                    + "would be refused. Name the spec's key attributes as the table's, or load the dataset into a "
                    + "table with its key (config/pipeline.json \"datasets\", or ETL_DATASET_TABLES)");
        }
        checkedTables.add(table);
    }

    private static String undeclared(String table, DatasetSpec spec, String what) {
        return "Table '" + table + "' of dataset '" + spec.dataset() + "' " + what + ". Declare the dataset in "
                + "config/pipeline.json \"datasets\" (\"" + spec.dataset() + "\": {\"spec\": \"<path of its spec>\", "
                + "\"table\": \"" + table + "\"}): the stack (cdk deploy) and the local twin (when it starts) create the "
                + "table and let Load write it. Or map the dataset to an existing table with ETL_DATASET_TABLES.";
    }

    private static String key(String hash, String range) {
        return range == null ? "(" + hash + ")" : "(" + hash + ", " + range + ")";
    }

    /** Position of a key's first and last row in a part. */
    private static final class Seen {
        long first;
        long last;
        long firstLine;
        long count;
    }

    /**
     * @param in the stage input; {@code read} is the list of Transform's staging keys
     * @param requestId the invocation's request id (reject keys contain it)
     * @param remaining time left in this invocation
     */
    public StageOutput load(StageInput in, String requestId, RemainingTime remaining) {
        in.requireBasics("Load");
        List<String> keys = in.keys();
        RunSpec run = specs.get(in.spec());
        DatasetSpec spec = run.spec();
        KeyOf keyOf = run.transformer().keyOf();
        DuplicatePolicy policy = spec.duplicates() == null ? DuplicatePolicy.LAST_WINS : spec.duplicates();
        String table = config.tableFor(spec.dataset(), spec.target().table());
        requireTable(table, spec);
        Counts counts = Counts.orZero(in.counts());
        String bucket = in.stagingBucket();
        Cursor cursor = in.cursor();
        int part = cursor == null ? 0 : cursor.part();
        long skip = cursor == null ? 0 : cursor.index();
        PartSink sink = new PartSink(s3, bucket, in.run(), in.chunk(), STAGE, counts.continuations(), requestId);
        Cursor next = null;
        long processed = 0;
        long rejected = 0;
        long duplicates = 0;
        BatchWriter writer = new BatchWriter(dynamo, table, config.loadParallelism(), backoff);
        Deadline deadline = new Deadline(remaining, config.safetyMarginMillis());
        try {
            Map<String, Seen> seen = scanKeys(bucket, keys, keyOf);
            if (cursor == null && policy != DuplicatePolicy.REJECT) {
                duplicates += seen.values().stream().mapToLong(s -> s.count).sum() - seen.size();
            }
            parts:
            for (; part < keys.size(); part++, skip = 0) {
                try (PartReader reader = new PartReader(s3, bucket, keys.get(part))) {
                    reader.skip(skip);
                    for (PartReader.Line line = reader.next(); line != null; line = reader.next()) {
                        if (deadline.reached() && processed > 0) {
                            next = Cursor.ofPart(part, line.index());
                            break parts;
                        }
                        processed++;
                        String key;
                        try {
                            key = keyOf.dedupKey(line.row());
                        } catch (IllegalArgumentException e) {
                            reject(sink, in, spec, line, List.of("target key: " + e.getMessage()));
                            rejected++;
                            continue;
                        }
                        Seen s = seen.get(key);
                        long position = position(part, line.index());
                        boolean load = switch (policy) {
                            case LAST_WINS -> s.last == position;
                            case FIRST_WINS, REJECT -> s.first == position;
                        };
                        if (load) {
                            writer.put(AttributeValues.item(line.row()), line);
                        } else if (policy == DuplicatePolicy.REJECT) {
                            reject(sink, in, spec, line, List.of("duplicate target key (spec duplicates policy 'reject'): "
                                    + "the row at source line " + s.firstLine + " has the same key"));
                            rejected++;
                        }
                    }
                }
            }
            writer.flush();
            for (BatchWriter.Refused r : writer.refused()) {
                reject(sink, in, spec, (PartReader.Line) r.tag(), List.of("DynamoDB refused the item: " + r.message()));
                rejected++;
            }
            sink.close();
        } catch (RuntimeException e) {
            sink.abort();
            throw e;
        } finally {
            writer.close();
        }
        Counts out = counts.plusLoaded(writer.written()).plusDuplicates(duplicates).plusRejected(rejected);
        if (next != null) {
            out = out.plusContinuation();
        }
        LOG.info(next == null ? "load done" : "load continues", Map.of("run", in.run(), "chunk", in.chunk(),
                "stage", STAGE, "requestId", requestId, "table", table, "counts", out,
                "unprocessedRetries", writer.retries(),
                "slowestStepMillis", deadline.slowestStepMillis()));
        return new StageOutput(next == null, next, PartSink.concat(in.written(), List.of()),
                PartSink.concat(in.rejected(), sink.rejected()), out, in.chunk());
    }

    private static void reject(PartSink sink, StageInput in, DatasetSpec spec, PartReader.Line line, List<String> why) {
        sink.reject(in.source(), line.offset(), line.line(), Masking.mask(spec, line.row()).toString(), why);
    }

    private static long position(int part, long index) {
        return ((long) part << 40) | index;
    }

    /** First pass over the parts: each composable key's first and last position and its row count. */
    private Map<String, Seen> scanKeys(String bucket, List<String> keys, KeyOf keyOf) {
        Map<String, Seen> seen = new HashMap<>();
        for (int part = 0; part < keys.size(); part++) {
            try (PartReader reader = new PartReader(s3, bucket, keys.get(part))) {
                for (PartReader.Line line = reader.next(); line != null; line = reader.next()) {
                    String k;
                    try {
                        k = keyOf.dedupKey(line.row());
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    Seen s = seen.get(k);
                    long position = position(part, line.index());
                    if (s == null) {
                        s = new Seen();
                        s.first = position;
                        s.firstLine = line.line();
                        seen.put(k, s);
                    }
                    s.last = position;
                    s.count++;
                }
            }
        }
        return seen;
    }
}
