package io.sfnetl.asl.validation;

/**
 * One problem in a state machine definition.
 *
 * @param location JSON Pointer of the offending value, e.g. {@code /States/Load/Retry/0/ErrorEquals}
 * @param message what is wrong and how to fix it
 */
public record Problem(String location, String message) {
    @Override
    public String toString() {
        return (location.isEmpty() ? "/" : location) + ": " + message;
    }
}
