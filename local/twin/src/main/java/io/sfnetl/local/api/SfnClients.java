package io.sfnetl.local.api;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The one way the project's tools build an {@link SfnClient}: to the local twin's Step Functions API, or to AWS. Every
 * command that starts or inspects executions goes through a client from here, so the twin and AWS share one code path.
 */
public final class SfnClients {
    /** The region and account of every ARN the twin makes. */
    public static final String LOCAL_REGION = "us-east-1";

    private SfnClients() {
    }

    /**
     * A client for the twin's API at {@code endpoint} (e.g. {@link StepFunctionsServer#endpoint()}), with dummy static
     * credentials. Host-prefix injection is off: StartSyncExecution would otherwise call {@code sync-127.0.0.1}, a host
     * that does not resolve (the same setting Step Functions Local needs).
     */
    public static SfnClient local(URI endpoint) {
        return SfnClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(LOCAL_REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * A client for AWS with the standard credential chain.
     *
     * @param region the region, or null for the SDK's default chain (AWS_REGION, profile, ...)
     * @param profile the named profile of ~/.aws/config, or null for the default chain
     */
    public static SfnClient aws(String region, String profile) {
        var b = SfnClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (region != null) {
            b.region(Region.of(region));
        }
        b.credentialsProvider(profile != null ? ProfileCredentialsProvider.create(profile)
                : DefaultCredentialsProvider.builder().build());
        return b.build();
    }
}
