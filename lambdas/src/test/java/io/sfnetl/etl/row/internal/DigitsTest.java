package io.sfnetl.etl.row.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Digits} against the JDK's printing of the same values. */
class DigitsTest {

    private static String eight(int v) {
        byte[] b = new byte[8];
        long w = Digits.eightDigits(v);
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (w >>> (8 * i));
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void eightDigits_lowAndHighRangesAndRandomValues_zeroPaddedDecimal() {
        SplittableRandom r = new SplittableRandom(3);
        for (int v = 0; v < 1_000_000; v++) {
            assertThat(eight(v)).isEqualTo(String.format("%08d", v));
        }
        for (int v = 99_999_999; v > 99_000_000; v -= 7) {
            assertThat(eight(v)).isEqualTo(String.format("%08d", v));
        }
        for (int k = 0; k < 300_000; k++) {
            int v = r.nextInt(100_000_000);
            assertThat(eight(v)).as("%d", v).isEqualTo(String.format("%08d", v));
        }
    }

    @Test
    void write_everyDigitCount_sameAsLongToString() {
        SplittableRandom r = new SplittableRandom(4);
        byte[] b = new byte[40];
        for (int k = 0; k < 200_000; k++) {
            long v = r.nextLong(Long.MAX_VALUE) >>> r.nextInt(64);
            int start = Digits.write(b, 30, v);
            assertThat(new String(b, start, 30 - start, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
            assertThat(30 - start).isEqualTo(Digits.count(v));
        }
    }

    @Test
    void writePlain_valuesAndScales_sameAsBigDecimalToString() {
        SplittableRandom r = new SplittableRandom(5);
        byte[] b = new byte[64];
        for (int k = 0; k < 200_000; k++) {
            long v = r.nextLong(Long.MAX_VALUE) >>> r.nextInt(64);
            int scale = r.nextInt(19);
            if (Digits.count(v) - 1 - scale < -6) {
                continue;   // toString would use an exponent: never asked of writePlain
            }
            int start = Digits.writePlain(b, 60, v, scale);
            assertThat(new String(b, start, 60 - start, StandardCharsets.US_ASCII)).as("%d scale %d", v, scale)
                    .isEqualTo(BigDecimal.valueOf(v, scale).toString());
            assertThat(60 - start).isEqualTo(Digits.plainLength(Digits.count(v), scale));
        }
    }

    @Test
    void writePlainWord_shortValuesAndScales_sameAsBigDecimalToStringElseMinusOne() {
        SplittableRandom r = new SplittableRandom(7);
        byte[] b = new byte[16];
        int written = 0;
        for (int k = 0; k < 400_000; k++) {
            long v = k < 20_000 ? k : r.nextInt(12_000_000) >>> r.nextInt(24);
            int scale = r.nextInt(9);
            int at = r.nextInt(9);
            int n = Digits.writePlainWord(b, at, v, scale);
            String expected = BigDecimal.valueOf(v, scale).toPlainString();   // the callers rule out exponents
            if (scale < 1 || expected.length() > 8) {
                assertThat(n).as("%d scale %d", v, scale).isEqualTo(-1);
                continue;
            }
            written++;
            assertThat(n).as("%d scale %d", v, scale).isEqualTo(expected.length());
            assertThat(new String(b, at, n, StandardCharsets.US_ASCII)).as("%d scale %d", v, scale).isEqualTo(expected);
        }
        assertThat(written).isGreaterThan(100_000);
    }

    /** What {@link Digits#shortDecimal} must return for a text, by the grammar and BigDecimal. */
    private static long expectedShort(String text) {
        if (!text.matches("[0-9]+(\\.[0-9]+)?")) {
            return -1;
        }
        BigDecimal d = new BigDecimal(text);
        int point = text.indexOf('.');
        return d.unscaledValue().longValueExact() << 16 | (long) (point < 0 ? text.length() : point) << 8 | d.scale();
    }

    @Test
    void shortDecimal_randomTextsOfOneToEightBytes_sameAsTheGrammarAndBigDecimal() {
        SplittableRandom r = new SplittableRandom(6);
        String chars = "0123456789012345678900.....-+ aE/:\u0000\u007F";
        String[] cases = {"0", "7", "12345678", "99999999", "0.5", "5.", ".5", "1.2.3", "..", "1..2", "0.000001", "00.10",
            "2064.43", "9999999.", "1234.567", "1.234567", "-1.5", "+2", "12a4", "1/2", "1:2", "12345.67"};
        byte[] b = new byte[24];
        for (int k = 0; k < 400_000; k++) {
            String text;
            if (k < cases.length) {
                text = cases[k];
            } else {
                StringBuilder sb = new StringBuilder();
                int n = 1 + r.nextInt(8);
                for (int i = 0; i < n; i++) {
                    sb.append(chars.charAt(r.nextInt(chars.length())));
                }
                text = sb.toString();
            }
            byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
            int from = r.nextInt(8);
            java.util.Arrays.fill(b, (byte) (r.nextBoolean() ? '.' : '7'));   // bytes around the text must not count
            System.arraycopy(t, 0, b, from, t.length);
            assertThat(Digits.shortDecimal(b, from, t.length)).as("'%s'", text).isEqualTo(expectedShort(text));
        }
    }
}
