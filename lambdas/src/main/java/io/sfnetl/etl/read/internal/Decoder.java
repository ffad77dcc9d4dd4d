package io.sfnetl.etl.read.internal;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.CharBuffer;

/**
 * Decodes record bytes fast, and tells undecodable bytes apart from a genuine U+FFFD in the data. Not thread-safe.
 */
public final class Decoder {
    private final Charset charset;
    private final CharsetDecoder strict;

    public Decoder(Charset charset) {
        this.charset = charset;
        this.strict = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    public String decode(byte[] buf, int from, int length) {
        return new String(buf, from, length, charset);
    }

    /**
     * @param decoded what {@link #decode} returned for the same bytes
     * @return null when the bytes are valid in the charset, else a reason naming the charset and the offset (relative
     *     to {@code from}) of the first bad byte
     */
    public String check(byte[] buf, int from, int length, String decoded) {
        if (decoded.indexOf('\uFFFD') < 0) {
            return null;
        }
        strict.reset();
        ByteBuffer in = ByteBuffer.wrap(buf, from, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        CoderResult r = strict.decode(in, out, true);
        if (r.isError()) {
            int at = in.position() - from;
            return "bytes are not valid " + charset.name() + " at byte " + at + " of the record (0x"
                    + String.format("%02X", buf[from + at] & 0xFF) + "): fix the file or set format.encoding";
        }
        try {
            strict.flush(out);
        } catch (RuntimeException e) {
            return "bytes are not valid " + charset.name() + ": " + e.getMessage();
        }
        return null;
    }

}
