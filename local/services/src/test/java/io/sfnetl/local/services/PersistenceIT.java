package io.sfnetl.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

class PersistenceIT {

    @TempDir
    Path dataDir;

    @Test
    void start_sameDataDirAfterClose_readsBackObjectsAndItems() {
        try (var first = LocalServices.start(new LocalServices.Options(dataDir, true))) {
            System.out.printf("startup with data dir (empty): %d ms%n", first.startupTime().toMillis());
            first.s3Client().createBucket(b -> b.bucket("data"));
            first.s3Client().putObject(b -> b.bucket("data").key("in/orders.csv"), RequestBody.fromString("id,total\n1,9.99\n"));
            DynamoDbIT.createTable(first.dynamoDbClient(), "orders");
            first.dynamoDbClient().batchWriteItem(b -> b.requestItems(Map.of("orders", DynamoDbIT.puts("c#1", 0, 25))));
        }

        try (var second = LocalServices.start(new LocalServices.Options(dataDir, true))) {
            System.out.printf("startup with data dir (restart): %d ms%n", second.startupTime().toMillis());
            assertThat(second.s3Client().listObjectsV2(b -> b.bucket("data")).contents())
                    .extracting(S3Object::key).containsExactly("in/orders.csv");
            assertThat(second.s3Client().getObjectAsBytes(b -> b.bucket("data").key("in/orders.csv")).asUtf8String())
                    .isEqualTo("id,total\n1,9.99\n");
            var items = second.dynamoDbClient().query(b -> b.tableName("orders")
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("c#1"))));
            assertThat(items.count()).isEqualTo(25);
        }
        assertThat(dataDir.resolve("dynamodb/shared-local-instance.db")).isRegularFile();
        assertThat(dataDir.resolve("s3")).isDirectory();
    }

    @Test
    void start_relativeDataDir_resolvedToAbsoluteAndListsObjects() throws Exception {
        Path relative = Path.of("").toAbsolutePath().relativize(dataDir.resolve("rel"));
        try (var services = LocalServices.start(new LocalServices.Options(relative, true))) {
            services.s3Client().createBucket(b -> b.bucket("rel"));
            services.s3Client().putObject(b -> b.bucket("rel").key("k"), RequestBody.fromString("v"));

            assertThat(services.dataDir()).isAbsolute();
            assertThat(services.s3Client().listObjectsV2(b -> b.bucket("rel")).keyCount()).isEqualTo(1);
        }
        assertThat(Files.isDirectory(dataDir.resolve("rel/s3/rel"))).isTrue();
    }

    @Test
    void start_inMemory_restartStartsEmpty() {
        try (var first = LocalServices.start(LocalServices.Options.inMemory())) {
            first.s3Client().createBucket(b -> b.bucket("gone"));
            DynamoDbIT.createTable(first.dynamoDbClient(), "gone");
        }
        try (var second = LocalServices.start(LocalServices.Options.inMemory())) {
            System.out.printf("startup in memory (warm JVM): %d ms%n", second.startupTime().toMillis());
            assertThat(second.s3Client().listBuckets().buckets()).isEmpty();
            assertThat(second.dynamoDbClient().listTables().tableNames()).isEmpty();
        }
    }

    @Test
    void start_dataDirInUse_throwsNamingDirectoryAndPid() {
        try (var first = LocalServices.start(new LocalServices.Options(dataDir, true))) {
            assertThatThrownBy(() -> LocalServices.start(new LocalServices.Options(dataDir, true)))
                    .isInstanceOf(LocalServicesException.class)
                    .hasMessageContaining(dataDir.toString())
                    .hasMessageContaining("in use by another local services instance (pid " + ProcessHandle.current().pid() + ")");
            // the failed start must not have disturbed the running one
            first.s3Client().createBucket(b -> b.bucket("still-up"));
        }
        try (var again = LocalServices.start(new LocalServices.Options(dataDir, true))) {
            assertThat(again.s3Client().listBuckets().buckets()).hasSize(1);
        }
    }

    @Test
    void start_dataDirIsAFile_throwsNamingThePath() throws Exception {
        Path file = Files.writeString(dataDir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> LocalServices.start(new LocalServices.Options(file, true)))
                .isInstanceOf(LocalServicesException.class)
                .hasMessageContaining("data directory " + file)
                .hasMessageContaining("Choose a writable directory");
    }

    @Test
    void close_twice_stopsBothServersOnce() {
        var services = LocalServices.start(LocalServices.Options.inMemory());
        services.close();
        services.close();

        for (var endpoint : new java.net.URI[] {services.s3Endpoint(), services.dynamoDbEndpoint()}) {
            assertThatThrownBy(() -> new java.net.Socket(endpoint.getHost(), endpoint.getPort()).close())
                    .as("%s after close", endpoint)
                    .isInstanceOf(java.net.ConnectException.class)
                    .hasMessageContaining("refused");
        }
    }
}
