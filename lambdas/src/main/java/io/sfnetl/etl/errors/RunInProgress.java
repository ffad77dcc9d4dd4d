package io.sfnetl.etl.errors;

/** Another run holds the lease for the same dataset and source. */
public final class RunInProgress extends EtlException {
    public RunInProgress(String message) {
        super(message);
    }

    public RunInProgress(String message, Throwable cause) {
        super(message, cause);
    }
}
