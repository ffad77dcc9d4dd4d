package io.sfnetl.etl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.RunInProgress;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Scheduled runs: yesterday's partition in the schedule's zone, and one run per (dataset, scheduledTime). */
@ExtendWith(LocalServicesExtension.class)
class ScheduledRunsIT {
    private DynamoDbClient dynamo;
    private String table;
    private ScheduledRuns london;

    @BeforeEach
    void setUp(LocalServices services) {
        dynamo = services.dynamoDbClient();
        table = "jobs-" + UUID.randomUUID();
        dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(JobStore.KEY).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(JobStore.KEY).keyType(KeyType.HASH)));
        london = new ScheduledRuns(dynamo, table, ZoneId.of("Europe/London"));
    }

    @Test
    void source_prefixAndScheduledTime_readsYesterdayInTheSchedulesZone() {
        assertThat(london.source("s3://b/incoming/orders/", "2026-11-23T05:00:00Z"))
                .isEqualTo("s3://b/incoming/orders/2026-11-22/");
        // 00:30 on 2026-07-01 in London (BST) is 23:30 UTC the day before: London's yesterday is 2026-06-30
        assertThat(london.source("s3://b/incoming/orders/", "2026-06-30T23:30:00Z"))
                .isEqualTo("s3://b/incoming/orders/2026-06-30/");
        assertThat(new ScheduledRuns(dynamo, table, ZoneId.of("UTC")).source("s3://b/in/", "2026-06-30T23:30:00Z"))
                .isEqualTo("s3://b/in/2026-06-29/");
    }

    @Test
    void source_notScheduledOrAnObjectOrAlreadyDated_isUsedAsGiven() {
        assertThat(london.source("s3://b/incoming/orders/", null)).isEqualTo("s3://b/incoming/orders/");
        assertThat(london.source("s3://b/incoming/orders.csv", "2026-11-23T05:00:00Z")).isEqualTo("s3://b/incoming/orders.csv");
        assertThat(london.source("s3://b/incoming/orders/2026-11-01/", "2026-11-23T05:00:00Z"))
                .isEqualTo("s3://b/incoming/orders/2026-11-01/");
    }

    @Test
    void source_badScheduledTime_isInvalidInputWithTheExpectedForm() {
        assertThatThrownBy(() -> london.source("s3://b/in/", "yesterday"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("2026-11-23T05:00:00Z");
    }

    @Test
    void claim_sameTimeByAnotherRunWhileTheFirstRunsOrSucceeded_isRunInProgressNamingIt() {
        london.claim("orders", "2026-11-23T05:00:00Z", "nightly-a");
        london.claim("orders", "2026-11-23T05:00:00Z", "nightly-a"); // the owner again (retry, redrive): passes

        assertThatThrownBy(() -> london.claim("orders", "2026-11-23T05:00:00Z", "nightly-b"))
                .isInstanceOf(RunInProgress.class).hasMessageContaining("nightly-a").hasMessageContaining("RUNNING");
        job("nightly-a", "SUCCEEDED");
        assertThatThrownBy(() -> london.claim("orders", "2026-11-23T05:00:00Z", "nightly-b"))
                .isInstanceOf(RunInProgress.class).hasMessageContaining("SUCCEEDED");
        // another day, or another dataset, is another claim
        london.claim("orders", "2026-11-24T05:00:00Z", "nightly-c");
        london.claim("customers", "2026-11-23T05:00:00Z", "nightly-d");
    }

    @Test
    void claim_ownerFailed_newRunTakesTheTimeOver() {
        london.claim("orders", "2026-11-23T05:00:00Z", "nightly-a");
        job("nightly-a", "FAILED");

        london.claim("orders", "2026-11-23T05:00:00Z", "nightly-a-2");

        assertThatThrownBy(() -> london.claim("orders", "2026-11-23T05:00:00Z", "nightly-a-3"))
                .isInstanceOf(RunInProgress.class).hasMessageContaining("nightly-a-2");
    }

    private void job(String run, String status) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(JobStore.KEY, AttributeValue.fromS(run),
                "status", AttributeValue.fromS(status))));
    }
}
