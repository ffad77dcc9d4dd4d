package io.sfnetl.etl.errors;

/** A source object or prefix does not exist or is empty. */
public final class SourceNotFound extends EtlException {
    public SourceNotFound(String message) {
        super(message);
    }

    public SourceNotFound(String message, Throwable cause) {
        super(message, cause);
    }
}
