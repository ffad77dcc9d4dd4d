package io.sfnetl.etl.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.job.RunHeartbeat;
import io.sfnetl.etl.lambda.internal.StageHooks;
import io.sfnetl.etl.stage.Validator;
import io.sfnetl.etl.stage.StageInput;
import io.sfnetl.etl.stage.StageOutput;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Validate Lambda: adapts the stage contract's JSON ({@link StageInput} in, {@link StageOutput} out) to
 * {@link Validator}, with the invocation's request id and remaining time.
 */
public final class ValidateHandler extends JsonHandler {
    private final StageHooks hooks;
    private final Validator stage;

    /** Lambda entry point: clients and configuration from the environment, built once per container. */
    public ValidateHandler() {
        this(Clients.sharedS3(), Clients.sharedDynamoDb(), EtlConfig.fromEnv());
    }

    /** For the local twin and tests. */
    public ValidateHandler(S3Client s3, DynamoDbClient dynamoDb, EtlConfig config) {
        this.stage = new Validator(s3, config);
        this.hooks = new StageHooks(RunHeartbeat.fromEnv(dynamoDb, config.jobsTable()));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return toMap(handle(fromMap(input, StageInput.class), context));
    }

    /** The typed entry point. */
    public StageOutput handle(StageInput input, Context context) {
        return hooks.around("validate", input, () -> stage.validate(input, requestId(context), remaining(context)));
    }
}
