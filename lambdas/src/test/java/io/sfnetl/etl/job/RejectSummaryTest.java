package io.sfnetl.etl.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.job.internal.RejectSummary;
import org.junit.jupiter.api.Test;

class RejectSummaryTest {
    @Test
    void group_valuesAfterTheFieldName_areReplaced() {
        assertThat(RejectSummary.group("field 'amount': 'abc' is not a decimal"))
                .isEqualTo("field 'amount': '…' is not a decimal");
        assertThat(RejectSummary.group("field 'amount': 'x1' is not a decimal"))
                .isEqualTo(RejectSummary.group("field 'amount': 'abc' is not a decimal"));
    }

    @Test
    void group_noQuotes_unchanged() {
        assertThat(RejectSummary.group("expected 5 columns, found 2")).isEqualTo("expected 5 columns, found 2");
    }
}
