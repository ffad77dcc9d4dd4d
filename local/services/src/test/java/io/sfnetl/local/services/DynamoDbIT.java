package io.sfnetl.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfnetl.local.services.junit.WithLocalServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

@WithLocalServices
class DynamoDbIT {

    private final LocalServices services;
    private final DynamoDbClient dynamo;
    private String table;

    DynamoDbIT(LocalServices services) {
        this.services = services;
        this.dynamo = services.dynamoDbClient();
    }

    static void createTable(DynamoDbClient dynamo, String table) {
        dynamo.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(
                        k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE)));
    }

    static List<WriteRequest> puts(String pk, int from, int count) {
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                    "pk", AttributeValue.fromS(pk),
                    "sk", AttributeValue.fromN(Integer.toString(i)),
                    "payload", AttributeValue.fromS("row " + i))).build()).build());
        }
        return writes;
    }

    @BeforeEach
    void createTable() {
        table = "it-" + UUID.randomUUID();
        createTable(dynamo, table);
    }

    @Test
    void batchWriteItem_25Items_queryReturnsAllInSortOrder() {
        var result = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, puts("customer#1", 0, 25))));
        dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, puts("customer#2", 0, 3))));

        assertThat(result.unprocessedItems()).isEmpty();
        var items = dynamo.queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("pk = :pk and sk >= :from")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS("customer#1"), ":from", AttributeValue.fromN("0")))
                        .limit(10))
                .items().stream().toList();
        assertThat(items).hasSize(25);
        assertThat(items).extracting(item -> item.get("sk").n())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 25).mapToObj(Integer::toString).toList());
        assertThat(items.get(7).get("payload").s()).isEqualTo("row 7");
    }

    @Test
    void query_unknownTable_throwsResourceNotFound() {
        assertThatThrownBy(() -> dynamo.query(b -> b.tableName("no-such-table")
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("x")))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("non-existent table");
    }

    @Test
    void anonymousCredentials_seeTablesOfDummyCredentials() {
        dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, puts("p", 0, 2))));

        try (var anonymous = DynamoDbClient.builder()
                .endpointOverride(services.dynamoDbEndpoint())
                .region(services.region())
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            assertThat(anonymous.listTables().tableNames()).contains(table);
            assertThat(anonymous.scan(b -> b.tableName(table)).count()).isEqualTo(2);
        }
    }

    @Test
    void otherRegion_seesSameTables() {
        try (var other = DynamoDbClient.builder()
                .endpointOverride(services.dynamoDbEndpoint())
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("other", "other")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            assertThat(other.listTables().tableNames()).contains(table);
        }
    }
}
