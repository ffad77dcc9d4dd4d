package io.sfnetl.etl.errors;

/** Finalize found rows read != loaded + rejected + duplicates: something was lost. */
public final class CountMismatch extends EtlException {
    public CountMismatch(String message) {
        super(message);
    }

    public CountMismatch(String message, Throwable cause) {
        super(message, cause);
    }
}
