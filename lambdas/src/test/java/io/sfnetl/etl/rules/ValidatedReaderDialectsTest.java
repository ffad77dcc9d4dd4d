package io.sfnetl.etl.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.spec.DatasetSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Differential tests of {@link ValidatedReader} for other delimiters with the double quote, and odd patterns. */
class ValidatedReaderDialectsTest {
    private static final String FIELDS = "{\"name\":\"id\",\"type\":\"string\",\"pattern\":\"^[A-Z]{2}[0-9]{3}$\"},"
            + "{\"name\":\"st\",\"type\":\"string\",\"enum\":[\"DELIVERED\",\"CANCELLED_BY_US\",\"NEW\",\"ABCDEFGHIJKLMNOP\"]},"
            + "{\"name\":\"d\",\"type\":\"decimal\"},{\"name\":\"dt\",\"type\":\"date\"},"
            + "{\"name\":\"t\",\"type\":\"string\"},{\"name\":\"q\",\"type\":\"integer\"}";

    private static String pick(SplittableRandom r, String... s) {
        return s[r.nextInt(s.length)];
    }

    private static byte[] file(long seed, char d, int rows) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("id" + d + "st" + d + "d" + d + "dt" + d + "t" + d + "q\n");
        for (int k = 0; k < rows; k++) {
            String[] v = {
                pick(r, "AB123", "AB12", "ab123", "AB1234", "\"AB123\"", "ZZ999", "A\u00e9123"),
                pick(r, "DELIVERED", "DELIVERES", "\"DELIVERED\"", "CANCELLED_BY_US", "CANCELLED_BY_UZ", "NEW", "NEX",
                        "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOQ", ""),
                pick(r, "1.5", "-0.05", "0.0000001", "00.5", "+3", "12345678901234567.8", "1e3", "x", "-0", "7.", ".7",
                        "123456789012345678901", "\" 2.50 \"", "99999999.99"),
                pick(r, "2024-02-29", "2023-02-29", "2024-13-01", "2024-1-01", "\"2024-01-05\"", "0000-01-01"),
                pick(r, "plain text", "  Mixed Case  ", "\"quoted" + d + " with delim\"", "\"long quoted value here!!\"",
                        "caf\u00e9", "x", "\"a\"\"b\"", "tab\there", "abcdefghijklmnopqrstuvwxyzABCDEFGH"),
                pick(r, "1", "12345678", "123456789", "-99999999", "0", "+5", "007", "x")};
            for (int i = 0; i < v.length; i++) {
                if (i > 0) {
                    sb.append(d);
                }
                sb.append(v[i]);
            }
            sb.append(r.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        return ValidatedReaderTest.utf8(sb.toString());
    }

    @Test
    void validatedReader_otherDelimitersQuotedFieldsAndTransforms_sameAsGeneralPath() {
        String transforms = "{\"op\":\"trim\",\"fields\":[\"t\"]},{\"op\":\"case\",\"fields\":[\"t\"],\"to\":\"upper\"},"
                + "{\"op\":\"case\",\"fields\":[\"id\"],\"to\":\"lower\"}";
        ValidatedReaderTest.Stats total = new ValidatedReaderTest.Stats(0, 0, 0, 0);
        for (char d : new char[] {',', ';', '|', ' '}) {
            String format = "{\"type\":\"csv\",\"header\":true,\"delimiter\":\"" + d + "\"}";
            for (long seed = 1; seed <= 3; seed++) {
                total = total.plus(ValidatedReaderTest.assertSameAsGeneralPath(
                        ValidatedReaderTest.spec(format, FIELDS, transforms), file(seed * 7 + d, d, 700)));
            }
        }
        assertThat(total.rawRows()).isGreaterThan(50);
    }

    @Test
    void validatedReader_patternPositionWithoutAsciiMembers_sameAsGeneralPath() {
        DatasetSpec spec = ValidatedReaderTest.spec("{\"type\":\"csv\",\"header\":true}",
                "{\"name\":\"s\",\"type\":\"string\",\"pattern\":\"^[^\\u0000-\\u007f]a$\"},"
                        + "{\"name\":\"n\",\"type\":\"string\"}");
        ValidatedReaderTest.assertSameAsGeneralPath(spec, ValidatedReaderTest.utf8("s,n\n\u0000a,x\n\u00e9a,y\n"));
    }

    /** Names and raw values of 1 to 40 bytes: the encoder's one-, two- and four-word copies and System.arraycopy. */
    @Test
    void validatedReader_namesAndValuesOfEveryLength_sameStagingBytes() {
        StringBuilder fields = new StringBuilder();
        StringBuilder header = new StringBuilder();
        for (int n = 1; n <= 40; n++) {
            String name = "n".repeat(n);
            fields.append(n > 1 ? "," : "").append("{\"name\":\"").append(name).append("\",\"type\":\"")
                    .append(n % 3 == 0 ? "decimal" : n % 3 == 1 ? "string" : "integer").append("\"}");
            header.append(n > 1 ? "," : "").append(name);
        }
        StringBuilder sb = new StringBuilder(header).append('\n');
        SplittableRandom r = new SplittableRandom(9);
        for (int k = 0; k < 200; k++) {
            for (int n = 1; n <= 40; n++) {
                sb.append(n > 1 ? "," : "");
                int len = 1 + r.nextInt(40);
                if (n % 3 == 0) {
                    sb.append("9".repeat(Math.min(len, 17))).append(r.nextBoolean() ? ".5" : "");
                } else if (n % 3 == 1) {
                    sb.append("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP", 0, len);
                } else {
                    sb.append(r.nextBoolean() ? "-" : "").append("7".repeat(Math.min(len, 18)));
                }
            }
            sb.append('\n');
        }
        ValidatedReaderTest.Stats s = ValidatedReaderTest.assertSameAsGeneralPath(
                ValidatedReaderTest.spec("{\"type\":\"csv\",\"header\":true}", fields.toString(),
                        "{\"op\":\"case\",\"to\":\"upper\"}"),
                ValidatedReaderTest.utf8(sb.toString()));
        assertThat(s.rawRows()).isPositive();
    }
}
