package io.sfnetl.local.services;

/**
 * The local S3 server or DynamoDB Local could not be started or stopped. The message says which service,
 * with which data directory, and what to check.
 */
public final class LocalServicesException extends RuntimeException {

    public LocalServicesException(String message, Throwable cause) {
        super(message, cause);
    }

    public LocalServicesException(String message) {
        super(message);
    }
}
