package io.sfnetl.asl.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of UTF-8 JSON text, with the string escaping of the engine's Jackson writer (so that text built
 * here is byte for byte what {@link Json#write} would give): {@code "} and {@code \} escaped, control characters as
 * {@code \b \t \n \f \r} or {@code \}{@code u00XX}, everything else as is. Used on the Distributed Map's hot path
 * (child inputs, ResultWriter entries), where building a tree per child costs more than the child itself. Not
 * thread-safe.
 */
final class JsonBytes extends OutputStream {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII byte: 0 = as is, else the character after the backslash ('u' for {@code \}{@code u00XX}). */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private byte[] bytes;
    private int length;

    JsonBytes(int capacity) {
        this.bytes = new byte[Math.max(16, capacity)];
    }

    int capacity() {
        return bytes.length;
    }

    int length() {
        return length;
    }

    /** Drops everything after the first {@code n} bytes. */
    void setLength(int n) {
        this.length = n;
    }

    /** The backing array: valid up to {@link #length()}, until the next append. */
    byte[] array() {
        return bytes;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, length, len);
        length += len;
    }

    JsonBytes append(byte b) {
        write(b);
        return this;
    }

    JsonBytes append(byte[] b) {
        write(b, 0, b.length);
        return this;
    }

    /** Appends ASCII text (field names, literals) as is. */
    JsonBytes ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Appends {@code s} as a JSON string (quoted, escaped). */
    JsonBytes string(String s) {
        ensure(s.length() + 2);
        bytes[length++] = '"';
        int i = 0;
        int n = s.length();
        // ASCII that needs no escape: the common case, copied without encoding
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPES[c] != 0) {
                break;
            }
            bytes[length++] = (byte) c;
        }
        if (i < n) {
            // the chars before i are ASCII: byte i of the UTF-8 text is char i
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            escaped(utf8, i, utf8.length - i);
        }
        return append((byte) '"');
    }

    /** Appends UTF-8 text as a JSON string (quoted, escaped). */
    JsonBytes string(byte[] utf8, int off, int len) {
        append((byte) '"');
        escaped(utf8, off, len);
        return append((byte) '"');
    }

    /** Appends UTF-8 text escaped for the inside of a JSON string. */
    private void escaped(byte[] utf8, int off, int len) {
        // room for the common escapes (two bytes each); \\u00XX makes room for itself
        ensure(2 * len);
        byte[] dst = bytes;
        int d = length;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = utf8[i];
            if (b < 0 || ESCAPES[b] == 0) {
                dst[d++] = b;
                continue;
            }
            byte e = ESCAPES[b];
            if (e != 'u') {
                dst[d++] = '\\';
                dst[d++] = e;
                continue;
            }
            length = d;
            ensure(6 + 2 * (end - i));
            dst = bytes;
            dst[d++] = '\\';
            dst[d++] = 'u';
            dst[d++] = '0';
            dst[d++] = '0';
            dst[d++] = HEX[b >> 4];
            dst[d++] = HEX[b & 0xF];
        }
        length = d;
    }
}
