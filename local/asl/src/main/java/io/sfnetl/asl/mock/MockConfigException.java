package io.sfnetl.asl.mock;

/** A mock configuration file that cannot be read or is invalid; the message names the file and JSON location. */
public class MockConfigException extends RuntimeException {
    public MockConfigException(String message) {
        super(message);
    }

    public MockConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
