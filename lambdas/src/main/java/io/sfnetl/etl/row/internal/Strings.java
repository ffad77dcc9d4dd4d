package io.sfnetl.etl.row.internal;

/** String helpers of the row hot path. */
public final class Strings {
    private Strings() {
    }

    /**
     * {@link String#strip()}, answering without a look at every end character's code point when both ends are
     * printable ASCII (never white space): then the string itself, as {@code strip()} returns it.
     */
    public static String strip(String s) {
        int n = s.length();
        if (n > 0) {
            char first = s.charAt(0);
            char last = s.charAt(n - 1);
            if (first > ' ' && first < 0x7F && last > ' ' && last < 0x7F) {
                return s;
            }
        }
        return s.strip();
    }
}
