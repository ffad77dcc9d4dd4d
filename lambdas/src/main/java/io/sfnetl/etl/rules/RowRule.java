package io.sfnetl.etl.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.read.SourceRecord;
import java.util.List;

/**
 * Extension point for a rule that a spec cannot say (brief §5). A spec names implementations in its {@code rules}
 * array by fully-qualified class name (a simple name is looked up in package {@code io.sfnetl.etl.rules}); the class
 * must be public with a public no-argument constructor. One instance serves every row of a run, from several threads
 * at once: implementations must be thread-safe (ideally stateless).
 *
 * <p>A rule runs only on rows whose declared fields all passed their own type and rule checks.
 */
@FunctionalInterface
public interface RowRule {
    /**
     * @param row the typed row, as {@link Validation.Valid#row()} would hold it; do not modify it
     * @param record the source record the row came from (offset, line, raw text)
     * @return every reason the row is invalid (each says which field and why, without sensitive values);
     *     empty when the row passes. Never null.
     */
    List<String> check(ObjectNode row, SourceRecord record);
}
