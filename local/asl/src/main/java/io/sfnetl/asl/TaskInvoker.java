package io.sfnetl.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Invokes a Task state's resource: the one way the engine reaches the outside world. The twin implements it for
 * Lambda ARNs, {@code arn:aws:states:::lambda:invoke} and service integrations; {@link MockTaskInvoker} serves Step
 * Functions Local mock configurations.
 *
 * <p>Contract: return the resource's raw result exactly as Step Functions would see it (for
 * {@code arn:aws:states:::lambda:invoke}: {@code {"ExecutedVersion", "Payload", "SdkHttpMetadata", "StatusCode", ...}};
 * for a plain Lambda ARN: the function's payload). Fail by throwing {@link StatesError} with AWS's error name and
 * cause (e.g. {@code Lambda.ServiceException}, or the function's {@code errorType}). Any other exception is reported
 * as {@code States.TaskFailed}. Must be thread-safe: Parallel branches and Map iterations invoke concurrently.
 */
@FunctionalInterface
public interface TaskInvoker {
    JsonNode invoke(TaskRequest request) throws StatesError;

    /** An invoker that fails every call with a message naming the state and resource (the default). */
    static TaskInvoker unavailable() {
        return r -> {
            throw new StatesError(ErrorNames.RUNTIME, "No task invoker for resource '" + r.resource() + "' of state '"
                    + r.stateName() + "': the local engine runs only mocked tasks here; mock the state in a mock "
                    + "configuration (--mock-config, --test-case) or run it in the local twin");
        };
    }
}
