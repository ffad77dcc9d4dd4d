package io.sfnetl.asl;

/** RedriveExecution refused (the API's {@code ExecutionNotRedrivable}); the message says why. */
public final class ExecutionNotRedrivableException extends IllegalStateException {
    public ExecutionNotRedrivableException(String message) {
        super(message);
    }
}
