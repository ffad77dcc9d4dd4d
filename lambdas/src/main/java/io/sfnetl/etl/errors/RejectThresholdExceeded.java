package io.sfnetl.etl.errors;

/** The reject rate of a run passed its maxRejectPercent. */
public final class RejectThresholdExceeded extends EtlException {
    public RejectThresholdExceeded(String message) {
        super(message);
    }

    public RejectThresholdExceeded(String message, Throwable cause) {
        super(message, cause);
    }
}
