package io.sfnetl.etl.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfnetl.etl.testsupport.EtlFixture;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Items DynamoDB (Local) refuses: reported one by one when tagged, the rest of their batch still written. */
@ExtendWith(LocalServicesExtension.class)
class BatchWriterIT {
    private EtlFixture fx;

    @BeforeEach
    void setUp(LocalServices services) {
        fx = EtlFixture.create(services);
    }

    private static Map<String, AttributeValue> item(String pk, int notesLength) {
        return Map.of("pk", AttributeValue.fromS(pk), "notes", AttributeValue.fromS("x".repeat(notesLength)));
    }

    @Test
    void put_taggedItemsDynamoDbRefuses_areReportedAndTheOthersWritten() {
        try (BatchWriter writer = new BatchWriter(fx.dynamo, fx.table, 2, Backoff.DEFAULT)) {
            for (int i = 0; i < 30; i++) {
                String pk = i == 4 ? "" : "ORDER#" + i;
                writer.put(item(pk, i == 17 ? 410_000 : 10), i);
            }
            writer.flush();

            assertThat(writer.written()).isEqualTo(28);
            assertThat(writer.refused()).extracting(BatchWriter.Refused::tag).containsExactlyInAnyOrder(4, 17);
            assertThat(writer.refused()).as("drained").isEmpty();
        }
        assertThat(fx.items()).hasSize(28).doesNotContainKeys("ORDER#17");
    }

    @Test
    void put_untaggedItemDynamoDbRefuses_failsTheFlush() {
        try (BatchWriter writer = new BatchWriter(fx.dynamo, fx.table, 2, Backoff.DEFAULT)) {
            writer.put(item("ORDER#1", 410_000));

            assertThatThrownBy(writer::flush).isInstanceOf(DynamoDbException.class).hasMessageContaining("size");
        }
    }
}
