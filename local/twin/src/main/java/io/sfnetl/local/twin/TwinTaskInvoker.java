package io.sfnetl.local.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.TaskInvoker;
import io.sfnetl.asl.TaskRequest;
import io.sfnetl.local.lambda.LambdaRunner;
import java.util.UUID;

/**
 * The twin's Task resources: {@code arn:aws:states:::lambda:invoke} (the optimized integration: the result is
 * {@code {ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode}}) and plain Lambda function
 * ARNs (the result is the function's payload), both served by the in-process {@link LambdaRunner}. Any other
 * resource fails with a message naming it. Thread-safe.
 */
public final class TwinTaskInvoker implements TaskInvoker {
    public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

    private final LambdaRunner lambdas;
    private final ObjectMapper mapper;

    public TwinTaskInvoker(LambdaRunner lambdas, ObjectMapper mapper) {
        this.lambdas = lambdas;
        this.mapper = mapper;
    }

    @Override
    public JsonNode invoke(TaskRequest request) {
        String resource = request.resource();
        if (resource.equals(LAMBDA_INVOKE)) {
            JsonNode in = request.input();
            JsonNode fn = in.path("FunctionName");
            if (!fn.isTextual()) {
                throw new StatesError(ErrorNames.RUNTIME, "state '" + request.stateName()
                        + "': arn:aws:states:::lambda:invoke needs Parameters.FunctionName (a string), got " + fn);
            }
            JsonNode payload = in.has("Payload") ? in.get("Payload") : mapper.createObjectNode();
            JsonNode result = lambdas.invoke(fn.asText(), payload);
            ObjectNode out = mapper.createObjectNode();
            out.put("ExecutedVersion", "$LATEST");
            out.set("Payload", result);
            String requestId = UUID.randomUUID().toString();
            ObjectNode http = out.putObject("SdkHttpMetadata");
            http.putObject("HttpHeaders").put("x-amzn-RequestId", requestId);
            http.put("HttpStatusCode", 200);
            out.putObject("SdkResponseMetadata").put("RequestId", requestId);
            out.put("StatusCode", 200);
            return out;
        }
        if (resource.startsWith("arn:aws:lambda:")) {
            return lambdas.invoke(resource, request.input());
        }
        throw new StatesError(ErrorNames.RUNTIME, "state '" + request.stateName() + "': resource '" + resource
                + "' is not available in the local twin (it serves arn:aws:states:::lambda:invoke and Lambda function ARNs)");
    }
}
