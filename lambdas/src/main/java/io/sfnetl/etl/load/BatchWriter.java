package io.sfnetl.etl.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items to one table with BatchWriteItem, {@value #BATCH} items per call, at most {@code parallelism} calls
 * at a time (virtual threads). UnprocessedItems are resent after a {@link Backoff} delay; when they remain after
 * {@link Backoff#maxAttempts()} calls the batch fails with {@link UnprocessedItemsException}. Items of one batch must
 * have distinct keys.
 *
 * <p>An item DynamoDB refuses ({@code ValidationException}: over the 400 KB item size, an empty string in a key
 * attribute, a key of the wrong type) fails its whole batch; when every item of the batch was put with a tag, the
 * batch is written again one item per call and each refused item is reported by {@link #refused()} (with DynamoDB's
 * message) instead of failing the writer. Use from one thread.
 */
public final class BatchWriter implements AutoCloseable {
    /** BatchWriteItem's maximum number of items per call. */
    public static final int BATCH = 25;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Backoff backoff;
    private final Semaphore permits;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<?>> inFlight = new ArrayList<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final ConcurrentLinkedQueue<Refused> refused = new ConcurrentLinkedQueue<>();
    private List<WriteRequest> pending = new ArrayList<>(BATCH);
    private List<Object> pendingTags = new ArrayList<>(BATCH);

    /**
     * An item DynamoDB refused.
     *
     * @param tag what the caller put with the item
     * @param message DynamoDB's error message
     */
    public record Refused(Object tag, String message) {
    }

    public BatchWriter(DynamoDbClient dynamo, String table, int parallelism, Backoff backoff) {
        this.dynamo = dynamo;
        this.table = table;
        this.backoff = backoff;
        this.permits = new Semaphore(parallelism);
    }

    /** Queues one item; a full batch is sent (blocking while {@code parallelism} batches are in flight). */
    public void put(Map<String, AttributeValue> item) {
        put(item, null);
    }

    /**
     * As {@link #put(Map)}; an item put with a non-null {@code tag} that DynamoDB refuses is reported by
     * {@link #refused()} instead of failing the writer.
     */
    public void put(Map<String, AttributeValue> item, Object tag) {
        pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        pendingTags.add(tag);
        if (pending.size() == BATCH) {
            send();
        }
    }

    /** Sends the queued items and waits until every batch sent so far is written; rethrows the first failure. */
    public void flush() {
        if (!pending.isEmpty()) {
            send();
        }
        RuntimeException failure = null;
        for (Future<?> f : inFlight) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for BatchWriteItem calls on " + table, e);
            }
        }
        inFlight.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Items written so far (acknowledged by DynamoDB). */
    public long written() {
        return written.get();
    }

    /** The items DynamoDB refused since the last call (call after {@link #flush()}). */
    public List<Refused> refused() {
        List<Refused> out = new ArrayList<>();
        for (Refused r = refused.poll(); r != null; r = refused.poll()) {
            out.add(r);
        }
        return out;
    }

    /** UnprocessedItems resends so far. */
    public long retries() {
        return retries.get();
    }

    private void send() {
        List<WriteRequest> batch = pending;
        List<Object> tags = pendingTags;
        pending = new ArrayList<>(BATCH);
        pendingTags = new ArrayList<>(BATCH);
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to write to " + table, e);
        }
        inFlight.add(executor.submit(() -> {
            try {
                writeOrSplit(batch, tags);
            } finally {
                permits.release();
            }
            return null;
        }));
    }

    /** Writes a batch; when DynamoDB refuses it and every item has a tag, writes its items one by one. */
    private void writeOrSplit(List<WriteRequest> batch, List<Object> tags) throws InterruptedException {
        try {
            write(batch);
        } catch (DynamoDbException e) {
            if (!isValidation(e) || tags.contains(null)) {
                throw e;
            }
            for (int i = 0; i < batch.size(); i++) {
                try {
                    write(List.of(batch.get(i)));
                } catch (DynamoDbException one) {
                    if (!isValidation(one)) {
                        throw one;
                    }
                    refused.add(new Refused(tags.get(i), one.awsErrorDetails().errorMessage()));
                }
            }
        }
    }

    private static boolean isValidation(DynamoDbException e) {
        return e.awsErrorDetails() != null && "ValidationException".equals(e.awsErrorDetails().errorCode());
    }

    private void write(List<WriteRequest> batch) throws InterruptedException {
        List<WriteRequest> todo = batch;
        for (int attempt = 1; ; attempt++) {
            List<WriteRequest> request = todo;
            BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, request)));
            List<WriteRequest> left = r.hasUnprocessedItems() ? r.unprocessedItems().getOrDefault(table, List.of())
                    : List.of();
            written.addAndGet(request.size() - left.size());
            if (left.isEmpty()) {
                return;
            }
            if (attempt >= backoff.maxAttempts()) {
                throw new UnprocessedItemsException("BatchWriteItem on table '" + table + "' still returned " + left.size()
                        + " unprocessed item(s) after " + attempt + " attempts (throttling). Raise the table's write "
                        + "capacity or lower ETL_LOAD_PARALLELISM, then retry or redrive: loading is idempotent.");
            }
            retries.incrementAndGet();
            Thread.sleep(backoff.delayMillis(attempt));
            todo = left;
        }
    }

    /** Stops accepting batches; does not send queued items (call {@link #flush()} first). */
    @Override
    public void close() {
        executor.shutdown();
    }
}
