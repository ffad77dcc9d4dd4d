package io.sfnetl.etl.errors;

/** The execution input is invalid (missing or malformed field). */
public final class InvalidInput extends EtlException {
    public InvalidInput(String message) {
        super(message);
    }

    public InvalidInput(String message, Throwable cause) {
        super(message, cause);
    }
}
