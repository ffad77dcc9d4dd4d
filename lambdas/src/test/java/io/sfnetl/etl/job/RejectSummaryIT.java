package io.sfnetl.etl.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.job.internal.RejectSummary;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The job record's reject summary, read from real reject files in the local S3 server. */
@ExtendWith(LocalServicesExtension.class)
class RejectSummaryIT {
    @Test
    void summarize_presentAndMissingFiles_countsReasonsAndListsTheMissingFile(LocalServices services) {
        S3Client s3 = services.s3Client();
        s3.createBucket(b -> b.bucket("reject-summary"));
        s3.putObject(b -> b.bucket("reject-summary").key("rejects/r1/00000/validate/0-a"), RequestBody.fromString("""
                {"stage": "validate", "object": "s3://in/a.csv", "line": 3, "reasons": ["field 'amount': 'abc' is not a decimal"]}
                {"stage": "validate", "object": "s3://in/a.csv", "line": 7, "reasons": ["field 'amount': 'x' is not a decimal"]}
                """));

        ObjectNode summary = RejectSummary.summarize(s3, "reject-summary",
                List.of("rejects/r1/00000/validate/0-a", "rejects/r1/00001/validate/0-b"));

        assertThat(summary.get("read").asLong()).isEqualTo(2);
        assertThat(summary.get("reasons").get(0).get("count").asLong()).isEqualTo(2);
        assertThat(summary.get("reasons").get(0).get("example").get("line").asLong()).isEqualTo(3);
        assertThat(summary.get("missing")).hasSize(1);
        assertThat(summary.get("missing").get(0).asText()).isEqualTo("rejects/r1/00001/validate/0-b");
    }
}
