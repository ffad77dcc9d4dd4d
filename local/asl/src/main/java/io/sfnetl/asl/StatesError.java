package io.sfnetl.asl;

/**
 * An error as a Retry or Catch sees it: the ASL {@code Error} name (for example {@code States.TaskFailed},
 * {@code States.Timeout} or a task's own error type) and its {@code Cause}. Thrown by the engine and by
 * task invokers; the engine turns it into a failed state or a caught transition.
 */
public class StatesError extends RuntimeException {
    private final String error;
    private final String cause;

    public StatesError(String error, String cause) {
        super(error + (cause == null || cause.isEmpty() ? "" : ": " + cause));
        this.error = error;
        this.cause = cause == null ? "" : cause;
    }

    /** The error name, matched by {@code ErrorEquals}. */
    public String error() {
        return error;
    }

    /** The human-readable cause (may be a JSON string for Lambda errors). Never null. */
    public String cause() {
        return cause;
    }
}
