package io.sfnetl.etl.errors;

/**
 * Base of the ETL's named failures. The Lambda Java runtime reports an unhandled exception's {@code errorType}
 * as its fully-qualified class name, so each subclass's name is the error that the state machine's Retry and
 * Catch match (for example {@code io.sfnetl.etl.errors.InvalidSpec}). Messages say what failed, where, and how
 * to fix it.
 */
public abstract class EtlException extends RuntimeException {
    protected EtlException(String message) {
        super(message);
    }

    protected EtlException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The simple name used in docs and job records, e.g. {@code InvalidSpec}. */
    public String errorName() {
        return getClass().getSimpleName();
    }
}
