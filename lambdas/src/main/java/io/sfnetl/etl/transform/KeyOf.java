package io.sfnetl.etl.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.KeySpec;
import io.sfnetl.etl.transform.internal.KeyTemplate;
import java.util.Optional;

/**
 * Computes the target key of an item from the spec's key templates ({@code target.partitionKey.template}, e.g.
 * {@code {customer_id}#{order_date}}; a key without template uses {@code {<its name>}}). Key values are strings
 * (DynamoDB type S). Immutable and thread-safe. Load uses {@link #dedupKey} to find duplicates.
 */
public final class KeyOf {
    private final String partitionKeyName;
    private final KeyTemplate partition;
    private final String sortKeyName;
    private final KeyTemplate sort;

    private KeyOf(DatasetSpec spec) {
        KeySpec pk = spec.target().partitionKey();
        KeySpec sk = spec.target().sortKey();
        this.partitionKeyName = pk.name();
        this.partition = KeyTemplate.parse(pk.template());
        this.sortKeyName = sk == null ? null : sk.name();
        this.sort = sk == null ? null : KeyTemplate.parse(sk.template());
    }

    /** @param spec a parsed spec (its templates were checked by the parser) */
    public static KeyOf of(DatasetSpec spec) {
        return new KeyOf(spec);
    }

    /** The partition key attribute name. */
    public String partitionKeyName() {
        return partitionKeyName;
    }

    /** The sort key attribute name, if the target has a sort key. */
    public Optional<String> sortKeyName() {
        return Optional.ofNullable(sortKeyName);
    }

    /**
     * @return the partition key value rendered from the item's fields (numbers in plain notation, strings as is)
     * @throws IllegalArgumentException when a field the template names is missing, null or not a scalar
     */
    public String partitionKeyValue(ObjectNode item) {
        return partition.render(item);
    }

    /**
     * @return the sort key value, or empty when the target has no sort key
     * @throws IllegalArgumentException when a field the template names is missing, null or not a scalar
     */
    public Optional<String> sortKeyValue(ObjectNode item) {
        return sort == null ? Optional.empty() : Optional.of(sort.render(item));
    }

    /**
     * A single string identifying the item's full key, for duplicate detection: the partition key value, plus
     * {@code U+0000} and the sort key value when there is a sort key. Reads the key attributes of a transformed item
     * ({@link Transformed.Ok#item()}), falling back to rendering the templates.
     */
    public String dedupKey(ObjectNode item) {
        String pk = item.hasNonNull(partitionKeyName) ? item.get(partitionKeyName).asText() : partitionKeyValue(item);
        if (sortKeyName == null) {
            return pk;
        }
        String sk = item.hasNonNull(sortKeyName) ? item.get(sortKeyName).asText() : sort.render(item);
        return pk + '\u0000' + sk;
    }

    /** Sets the key attributes on the item. @throws IllegalArgumentException as {@link #partitionKeyValue} */
    public void apply(ObjectNode item) {
        String pk = partition.render(item);
        String sk = sort == null ? null : sort.render(item);
        item.put(partitionKeyName, pk);
        if (sk != null) {
            item.put(sortKeyName, sk);
        }
    }

    /** The partition key template. */
    KeyTemplate partition() {
        return partition;
    }

    /** The sort key template, or null. */
    KeyTemplate sort() {
        return sort;
    }
}
