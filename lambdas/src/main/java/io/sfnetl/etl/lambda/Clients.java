package io.sfnetl.etl.lambda;

import io.sfnetl.etl.lambda.internal.Priming;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SDK clients built once per container from the environment: the url-connection HTTP client (small, fast cold
 * start), region from {@code AWS_REGION} (default us-east-1), endpoint overrides from {@code AWS_ENDPOINT_URL_S3} /
 * {@code AWS_ENDPOINT_URL_DYNAMODB} when set (the local twin; S3 then uses path-style addressing, and without
 * {@code AWS_ACCESS_KEY_ID} dummy credentials are used), else the default endpoints and credential chain.
 */
public final class Clients {
    private Clients() {
    }

    /**
     * The clients shared by every handler of this container, and the container's one-time warm-up ({@link Priming}),
     * both in the init phase (full CPU; what SnapStart snapshots). Only the Lambda entry points get here.
     */
    private static final class Shared {
        static final S3Client S3 = s3(System.getenv());
        static final DynamoDbClient DYNAMO = dynamoDb(System.getenv());

        static {
            Priming.run();
        }
    }

    public static S3Client sharedS3() {
        return Shared.S3;
    }

    public static DynamoDbClient sharedDynamoDb() {
        return Shared.DYNAMO;
    }

    public static S3Client s3(Map<String, String> env) {
        var b = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(env)).credentialsProvider(credentials(env, "AWS_ENDPOINT_URL_S3"));
        String endpoint = endpoint(env, "AWS_ENDPOINT_URL_S3");
        if (endpoint != null) {
            // an S3-compatible server (the twin's s3proxy over plain HTTP): checksums only where S3 requires them,
            // and no signed aws-chunked bodies, which s3proxy does not read to their end (the connection then drops
            // and PUTs fail with "Error writing request body to server"; see LocalServices.s3ClientBuilder)
            b.endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                    .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                            .chunkedEncodingEnabled(false).build())
                    .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b.build();
    }

    public static DynamoDbClient dynamoDb(Map<String, String> env) {
        var b = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(env)).credentialsProvider(credentials(env, "AWS_ENDPOINT_URL_DYNAMODB"));
        String endpoint = endpoint(env, "AWS_ENDPOINT_URL_DYNAMODB");
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        return b.build();
    }

    private static String endpoint(Map<String, String> env, String service) {
        String v = env.get(service);
        if (v == null || v.isBlank()) {
            v = env.get("AWS_ENDPOINT_URL");
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Region region(Map<String, String> env) {
        String r = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
        return Region.of(r == null || r.isBlank() ? "us-east-1" : r);
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env, String service) {
        if (endpoint(env, service) != null && env.get("AWS_ACCESS_KEY_ID") == null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
