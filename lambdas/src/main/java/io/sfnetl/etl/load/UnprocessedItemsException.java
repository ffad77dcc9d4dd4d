package io.sfnetl.etl.load;

/**
 * BatchWriteItem kept returning UnprocessedItems (throttling) after every allowed attempt. The Load call fails;
 * Step Functions may retry it (the retry reloads the same keys: loading is idempotent).
 */
public final class UnprocessedItemsException extends RuntimeException {
    public UnprocessedItemsException(String message) {
        super(message);
    }
}
