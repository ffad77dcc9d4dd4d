package io.sfnetl.etl.errors;

/**
 * One problem found in a document, at a JSON location.
 *
 * @param location JSON Pointer of the offending value (for example {@code /fields/3/type}); empty for the root
 * @param message what is wrong and how to fix it
 */
public record Problem(String location, String message) {
    @Override
    public String toString() {
        return (location.isEmpty() ? "/" : location) + ": " + message;
    }
}
