package io.sfnetl.cli;

import io.sfnetl.cli.ExitCodes.UserError;
import io.sfnetl.local.schedule.SfnExecutionStarter;
import io.sfnetl.local.twin.LocalTwin;
import java.net.URI;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Where the schedule commands start executions: the twin's Step Functions API ({@code --endpoint-url}, printed by
 * {@code etl local up}) or, with {@code --aws}, AWS (standard credential chain, {@code --region}, {@code --profile}).
 * A picocli mixin. When twin-api's shared client factory lands, {@link #client()} is the one place to switch to it.
 */
public final class SfnTarget {
    /** The ETL state machine's ARN in the twin (the twin deploys statemachine/etl.asl.json under this name). */
    static final String TWIN_STATE_MACHINE = "arn:aws:states:" + LocalTwin.REGION + ":" + LocalTwin.ACCOUNT
            + ":stateMachine:etl";

    @Option(names = "--aws", description = "Target AWS instead of the local twin.")
    boolean aws;

    @Option(names = "--region", description = "AWS region (with --aws; default: the SDK's region chain).")
    String region;

    @Option(names = "--profile", description = "AWS profile (with --aws; default: the standard credential chain).")
    String profile;

    @Option(names = "--endpoint-url", description = "The twin's Step Functions API, as 'etl local up' prints it "
            + "(default: $ETL_SFN_ENDPOINT).")
    String endpointUrl;

    @Option(names = "--state-machine-arn", description = "The ETL state machine (default in the twin: "
            + TWIN_STATE_MACHINE + "; required with --aws: the stack's StateMachineArn output).")
    String stateMachineArn;

    @Option(names = "--data-bucket", description = "What ${DataBucket} in the input template becomes (default in the "
            + "twin: " + LocalTwin.DATA_BUCKET + "; required with --aws: the stack's data bucket).")
    String dataBucket;

    String dataBucket() {
        if (dataBucket != null) {
            return dataBucket;
        }
        if (aws) {
            throw new UserError("--data-bucket is required with --aws: the name of the stack's data bucket "
                    + "(CloudFormation output DataBucketName)");
        }
        return LocalTwin.DATA_BUCKET;
    }

    String stateMachineArn() {
        if (stateMachineArn != null) {
            return stateMachineArn;
        }
        if (aws) {
            throw new UserError("--state-machine-arn is required with --aws: the stack's state machine "
                    + "(CloudFormation output StateMachineArn)");
        }
        return TWIN_STATE_MACHINE;
    }

    SfnClient client() {
        SfnClientBuilder b = SfnClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (aws) {
            if (region != null) {
                b.region(Region.of(region));
            }
            b.credentialsProvider(profile != null ? ProfileCredentialsProvider.create(profile)
                    : DefaultCredentialsProvider.builder().build());
            return b.build();
        }
        String endpoint = endpointUrl != null ? endpointUrl : System.getenv("ETL_SFN_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            throw new UserError("the twin's Step Functions endpoint is not known: start the twin with 'etl local up' "
                    + "and pass the endpoint it prints with --endpoint-url (or set ETL_SFN_ENDPOINT), or use --aws");
        }
        return b.endpointOverride(URI.create(endpoint)).region(Region.of(LocalTwin.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** A starter for the state machine, after checking that the endpoint answers and the state machine exists. */
    SfnExecutionStarter starter(SfnClient client) {
        String arn = stateMachineArn();
        try {
            client.describeStateMachine(b -> b.stateMachineArn(arn));
        } catch (StateMachineDoesNotExistException e) {
            throw new UserError("state machine " + arn + " does not exist " + (aws ? "in AWS (check --region and "
                    + "--state-machine-arn)" : "in the twin (start it with 'etl local up', which deploys the ETL "
                    + "state machine, or pass --state-machine-arn)"));
        } catch (SdkClientException e) {
            throw new UserError("cannot reach Step Functions " + (aws ? "in AWS" : "at the twin's endpoint ("
                    + (endpointUrl != null ? endpointUrl : System.getenv("ETL_SFN_ENDPOINT")) + "); is it running? "
                    + "Start it with 'etl local up'") + ": " + e.getMessage());
        }
        return new SfnExecutionStarter(client, arn);
    }
}
