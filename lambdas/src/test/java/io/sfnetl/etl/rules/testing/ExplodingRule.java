package io.sfnetl.etl.rules.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.rules.RowRule;
import java.util.List;

/** A test rule that fails with an exception. */
public class ExplodingRule implements RowRule {
    @Override
    public List<String> check(ObjectNode row, SourceRecord record) {
        throw new IllegalStateException("boom");
    }
}
