package io.sfnetl.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link ConsoleApi}'s routing and refusals, before any store is read (no network). */
class ConsoleApiTest {
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");
    private final S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(NOWHERE)
            .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    private final DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(NOWHERE)
            .credentialsProvider(AnonymousCredentialsProvider.create()).build();

    @AfterEach
    void close() {
        s3.close();
        dynamo.close();
    }

    private ConsoleApi served() {
        ConsoleApi api = new ConsoleApi();
        api.serve(new ConsoleData(s3, dynamo, "bucket", "jobs", null, Path.of("."), null, null));
        return api;
    }

    @Test
    void answer_withoutStores_404NoEtlData() {
        assertThatThrownBy(() -> new ConsoleApi().answer("GET", "/console/api/job/r1", null))
                .isInstanceOf(ConsoleApi.ApiError.class).hasMessageContaining("need the local twin")
                .satisfies(e -> assertThat(((ConsoleApi.ApiError) e).status).isEqualTo(404));
    }

    @Test
    void answer_post_405ReadOnly() {
        assertThatThrownBy(() -> served().answer("POST", "/console/api/job/r1", null))
                .isInstanceOf(ConsoleApi.ApiError.class).hasMessageContaining("read-only: POST is not allowed")
                .satisfies(e -> assertThat(((ConsoleApi.ApiError) e).status).isEqualTo(405));
    }

    @Test
    void answer_runIdWithTraversal_400InvalidRunId() {
        assertThatThrownBy(() -> served().answer("GET", "/console/api/rejects/..%2F..%2Fetc", null))
                .isInstanceOf(ConsoleApi.ApiError.class).hasMessageContaining("'../../etc' is not a run id")
                .satisfies(e -> assertThat(((ConsoleApi.ApiError) e).name).isEqualTo("InvalidRunId"));
    }

    @Test
    void answer_limitNotANumber_400WithTheBounds() {
        assertThatThrownBy(() -> served().answer("GET", "/console/api/rejects/r1", "limit=all"))
                .isInstanceOf(ConsoleApi.ApiError.class).hasMessageContaining("'limit' must be an integer 1..200, got 'all'");
        assertThatThrownBy(() -> served().answer("GET", "/console/api/schedule", "count=0"))
                .isInstanceOf(ConsoleApi.ApiError.class).hasMessageContaining("'count' must be an integer 1..50");
    }

    @Test
    void answer_unknownPath_404ListingTheEndpoints() {
        assertThatThrownBy(() -> served().answer("GET", "/console/api/job/r1/extra", null))
                .isInstanceOf(ConsoleApi.ApiError.class).hasMessageContaining("/console/api/rejects/<run>?limit=N")
                .satisfies(e -> assertThat(((ConsoleApi.ApiError) e).name).isEqualTo("NotFound"));
    }
}
