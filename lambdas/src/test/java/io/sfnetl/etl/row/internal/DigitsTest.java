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
}
