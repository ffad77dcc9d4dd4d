package io.sfnetl.etl.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.job.PrepareOutput;
import io.sfnetl.etl.job.Preparer;
import io.sfnetl.etl.lambda.internal.HandlerMetrics;
import io.sfnetl.etl.storage.Json;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Prepare Lambda: the execution input (a JSON object, checked field by field by
 * {@link io.sfnetl.etl.job.PrepareInput#parse}) in, {@link PrepareOutput} out, via {@link Preparer}.
 */
public final class PrepareHandler extends JsonHandler {
    private final Preparer preparer;

    /** Lambda entry point: clients and configuration from the environment, built once per container. */
    public PrepareHandler() {
        this(Clients.sharedS3(), Clients.sharedDynamoDb(), EtlConfig.fromEnv());
    }

    /** For the local twin and tests. */
    public PrepareHandler(S3Client s3, DynamoDbClient dynamoDb, EtlConfig config) {
        this.preparer = new Preparer(s3, dynamoDb, config);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return toMap(HandlerMetrics.prepare(() -> preparer.prepare(Json.MAPPER.valueToTree(input), requestId(context),
                remaining(context))));
    }
}
