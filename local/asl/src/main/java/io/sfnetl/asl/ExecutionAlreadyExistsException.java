package io.sfnetl.asl;

/** StartExecution with a name already used for the state machine (the API's {@code ExecutionAlreadyExists}). */
public final class ExecutionAlreadyExistsException extends IllegalArgumentException {
    public ExecutionAlreadyExistsException(String message) {
        super(message);
    }
}
