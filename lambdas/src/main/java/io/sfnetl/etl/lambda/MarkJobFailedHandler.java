package io.sfnetl.etl.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.job.FailedRun;
import io.sfnetl.etl.job.JobFailures;
import io.sfnetl.etl.job.JobStore;
import io.sfnetl.etl.lambda.internal.HandlerMetrics;
import io.sfnetl.etl.storage.Json;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The MarkJobFailed Lambda, target of the EventBridge rule on "Step Functions Execution Status Change" (FAILED,
 * TIMED_OUT, ABORTED): records the status, error and cause on the run's job record via {@link JobFailures}.
 */
public final class MarkJobFailedHandler extends JsonHandler {
    private final JobFailures failures;
    private final JobStore jobs;

    /** Lambda entry point: clients and configuration from the environment, built once per container. */
    public MarkJobFailedHandler() {
        this(Clients.sharedS3(), Clients.sharedDynamoDb(), EtlConfig.fromEnv());
    }

    /** For the local twin and tests ({@code s3} is unused; the signature is the same for every handler). */
    public MarkJobFailedHandler(S3Client s3, DynamoDbClient dynamoDb, EtlConfig config) {
        this.failures = new JobFailures(dynamoDb, config.jobsTable());
        this.jobs = new JobStore(dynamoDb, config.jobsTable());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        FailedRun failed = failures.record(Json.MAPPER.valueToTree(input));
        HandlerMetrics.markedFailed(failed, jobs);
        return toMap(failed);
    }
}
