package io.sfnetl.etl.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Simulates throttling, a fault DynamoDB Local cannot produce: every BatchWriteItem writes only the first half of
 * its items (through the real client) and returns the rest as UnprocessedItems; with {@code never} it writes
 * nothing.
 */
public final class ThrottlingDynamoDb implements DynamoDbClient {
    private final DynamoDbClient real;
    private final boolean never;
    public final AtomicLong unprocessedReturned = new AtomicLong();
    public final AtomicLong calls = new AtomicLong();

    public ThrottlingDynamoDb(DynamoDbClient real, boolean never) {
        this.real = real;
        this.never = never;
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        calls.incrementAndGet();
        var entry = request.requestItems().entrySet().iterator().next();
        List<WriteRequest> all = entry.getValue();
        int keep = never ? 0 : Math.max(1, all.size() / 2);
        if (keep > 0) {
            BatchWriteItemResponse r = real.batchWriteItem(b -> b.requestItems(Map.of(entry.getKey(), all.subList(0, keep))));
            if (r.hasUnprocessedItems() && !r.unprocessedItems().isEmpty()) {
                throw new AssertionError("DynamoDB Local returned unprocessed items itself");
            }
        }
        List<WriteRequest> left = all.subList(keep, all.size());
        unprocessedReturned.addAndGet(left.size());
        return BatchWriteItemResponse.builder()
                .unprocessedItems(left.isEmpty() ? Map.of() : Map.of(entry.getKey(), List.copyOf(left))).build();
    }

    /** Load checks its table before writing: through the real client. */
    @Override
    public software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse describeTable(
            software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest request) {
        return real.describeTable(request);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
