package io.sfnetl.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BooleanSupplier;

/**
 * What a Task state asks its resource to do.
 *
 * @param resource the Task's {@code Resource} ARN, e.g. {@code arn:aws:states:::lambda:invoke}
 * @param input the effective input: the result of {@code Parameters} (JSONPath) or {@code Arguments} (JSONata)
 * @param stateName the Task state's name
 * @param executionArn the ARN of the execution running the state (a Distributed Map child has its own)
 * @param rootExecutionArn the ARN of the top-level execution (equal to executionArn outside Distributed Maps);
 *     mock invocation counts are kept per root execution
 * @param context the Context object ({@code $$}) at this state, read-only
 * @param timeoutSeconds the effective TimeoutSeconds, or null when the state sets none (the engine enforces it too)
 * @param heartbeatSeconds the effective HeartbeatSeconds, or null
 * @param aborted true once the execution is stopped or the attempt timed out; long tasks should poll it and return
 */
public record TaskRequest(String resource, JsonNode input, String stateName, String executionArn,
        String rootExecutionArn, JsonNode context, Long timeoutSeconds, Long heartbeatSeconds, BooleanSupplier aborted) {
}
