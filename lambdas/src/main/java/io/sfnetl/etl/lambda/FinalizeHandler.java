package io.sfnetl.etl.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.job.FinalizeInput;
import io.sfnetl.etl.job.FinalizeOutput;
import io.sfnetl.etl.job.Finalizer;
import io.sfnetl.etl.job.JobStore;
import io.sfnetl.etl.lambda.internal.HandlerMetrics;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The Finalize Lambda: {@link FinalizeInput} in, {@link FinalizeOutput} out, via {@link Finalizer}. */
public final class FinalizeHandler extends JsonHandler {
    private final Finalizer finalizer;
    private final JobStore jobs;

    /** Lambda entry point: clients and configuration from the environment, built once per container. */
    public FinalizeHandler() {
        this(Clients.sharedS3(), Clients.sharedDynamoDb(), EtlConfig.fromEnv());
    }

    /** For the local twin and tests. */
    public FinalizeHandler(S3Client s3, DynamoDbClient dynamoDb, EtlConfig config) {
        this.finalizer = new Finalizer(s3, dynamoDb, config);
        this.jobs = new JobStore(dynamoDb, config.jobsTable());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        FinalizeInput in = fromMap(input, FinalizeInput.class);
        return toMap(HandlerMetrics.finalize(in == null ? null : in.run(), jobs, () -> finalizer.finalize(in)));
    }
}
