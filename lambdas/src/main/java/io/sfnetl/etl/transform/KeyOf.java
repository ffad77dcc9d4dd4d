package io.sfnetl.etl.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.spec.DatasetSpec;
import java.util.Optional;

/**
 * Computes the target key of an item from the spec's key templates ({@code target.partitionKey.template}, e.g.
 * {@code {customer_id}#{order_date}}). Immutable and thread-safe. Load uses {@link #dedupKey} to find duplicates.
 */
public final class KeyOf {
    private KeyOf(DatasetSpec spec) {
    }

    public static KeyOf of(DatasetSpec spec) {
        return new KeyOf(spec);
    }

    /** The partition key attribute name. */
    public String partitionKeyName() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The sort key attribute name, if the target has a sort key. */
    public Optional<String> sortKeyName() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * @return the partition key value rendered from the item's fields (numbers in plain notation, strings as is)
     * @throws IllegalArgumentException when a field the template names is missing or null in the item
     */
    public String partitionKeyValue(ObjectNode item) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * @return the sort key value, or empty when the target has no sort key
     * @throws IllegalArgumentException when a field the template names is missing or null in the item
     */
    public Optional<String> sortKeyValue(ObjectNode item) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** A single string identifying the item's full key (partition and sort), for duplicate detection. */
    public String dedupKey(ObjectNode item) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
