package io.sfnetl.etl.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The clients a handler's no-arg constructor builds, pointed at the local services by the environment. */
@ExtendWith(LocalServicesExtension.class)
class ClientsIT {
    @Test
    void fromEnv_endpointOverrides_reachLocalServices(LocalServices services) {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL_S3", services.s3Endpoint().toString(),
                "AWS_ENDPOINT_URL_DYNAMODB", services.dynamoDbEndpoint().toString(), "AWS_REGION", "eu-west-1");
        String bucket = "clients-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = Clients.s3(env); DynamoDbClient dynamo = Clients.dynamoDb(env)) {
            s3.createBucket(r -> r.bucket(bucket));
            s3.putObject(r -> r.bucket(bucket).key("a/b.txt"), RequestBody.fromString("x"));

            assertThat(services.s3Client().getObjectAsBytes(r -> r.bucket(bucket).key("a/b.txt")).asUtf8String())
                    .isEqualTo("x");
            assertThat(dynamo.listTables().tableNames()).isNotNull();
            assertThat(s3.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
        }
    }
}
