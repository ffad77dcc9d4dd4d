package io.sfnetl.etl.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemporalsTest {

    @Test
    void isIsoDate_everyDayAndBadDaysOfSomeYears_agreesWithParse() {
        Temporals.DateParser iso = new Temporals.DateParser(List.of("yyyy-MM-dd"));
        int checked = 0;
        for (int y : new int[] {0, 1900, 1999, 2000, 2023, 2024, 2100, 9999}) {
            for (int m = 0; m <= 13; m++) {
                for (int d = 0; d <= 32; d++) {
                    String text = String.format("%04d-%02d-%02d", y, m, d);
                    var parsed = iso.parse(text);
                    boolean fast = iso.isIsoDate(text);
                    assertThat(fast).as(text).isEqualTo(parsed != null);
                    if (fast) {
                        assertThat(parsed.toString()).isEqualTo(text);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(8 * 365 + 3); // 2000, 2024 and year 0 are leap years
        assertThat(iso.isIsoDate("2024-1-01")).isFalse();
        assertThat(iso.isIsoDate("2024/01/01")).isFalse();
        assertThat(new Temporals.DateParser(List.of("dd.MM.yyyy")).isIsoDate("2024-01-01")).isFalse();
    }

    /**
     * parse against the JDK's strict ISO formatter built here (not the parser's own shortcuts): an ISO-shaped text
     * that is no date is refused without trying the ISO format, and a later format still gets its chance.
     */
    @Test
    void parse_isoShapedTexts_sameAsStrictFormatterAndLaterFormatsStillTried() {
        java.time.format.DateTimeFormatter strict = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd")
                .withResolverStyle(java.time.format.ResolverStyle.STRICT);
        Temporals.DateParser iso = new Temporals.DateParser(List.of("yyyy-MM-dd"));
        int refused = 0;
        for (int m = 0; m <= 13; m++) {
            for (int d = 0; d <= 32; d++) {
                String text = String.format("2024-%02d-%02d", m, d);
                java.time.LocalDate expected;
                try {
                    expected = java.time.LocalDate.parse(text, strict);
                } catch (java.time.format.DateTimeParseException e) {
                    expected = null;
                    refused++;
                }
                assertThat(iso.parse(text)).as(text).isEqualTo(expected);
            }
        }
        assertThat(refused).isEqualTo(14 * 33 - 366);
        Temporals.DateParser two = new Temporals.DateParser(List.of("yyyy-MM-dd", "yyyy-dd-MM"));
        assertThat(two.parse("2026-13-05")).isEqualTo(java.time.LocalDate.of(2026, 5, 13));
        assertThat(two.parse("2026-02-30")).isNull();
        assertThat(two.parse("2026-02-03")).isEqualTo(java.time.LocalDate.of(2026, 2, 3));
    }

    /** The byte form against the string form: every date of the grid, and every ASCII byte at each of the ten places. */
    @Test
    void isIsoDateBytes_gridAndEveryByteAtEveryPlace_sameAsStringForm() {
        Temporals.DateParser iso = new Temporals.DateParser(List.of("yyyy-MM-dd"));
        List<String> texts = new java.util.ArrayList<>();
        for (int y : new int[] {0, 1999, 2000, 2023, 2024, 2100, 9999}) {
            for (int m = 0; m <= 13; m++) {
                for (int d = 0; d <= 32; d++) {
                    texts.add(String.format("%04d-%02d-%02d", y, m, d));
                }
            }
        }
        for (int at = 0; at < 10; at++) {
            for (int c = 0; c < 128; c++) {
                char[] cs = "2024-02-29".toCharArray();
                cs[at] = (char) c;
                texts.add(new String(cs));
            }
        }
        int valid = 0;
        for (String text : texts) {
            byte[] b = ("#" + text + "#").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(iso.isIsoDate(b, 1, 11)).as(text).isEqualTo(iso.isIsoDate(text));
            valid += iso.isIsoDate(text) ? 1 : 0;
        }
        assertThat(valid).isGreaterThan(7 * 365);
        byte[] high = "2024-02-2\u00b9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);   // 0xB9: 0x39 + 0x80
        assertThat(iso.isIsoDate(high, 0, 10)).isFalse();
        assertThat(new Temporals.DateParser(List.of("dd.MM.yyyy")).isIsoDate("2024-01-01".getBytes(), 0, 10)).isFalse();
    }

    /** The days of each month (the table and the leap years) against java.time, for the string and the byte form. */
    @Test
    void isIsoDate_everyDayOfEveryMonthOfCommonLeapAndCenturyYears_sameAsJavaTime() {
        Temporals.DateParser iso = new Temporals.DateParser(List.of("iso"));
        for (int y : new int[] {0, 4, 1900, 1996, 2000, 2023, 2024, 2100, 2400, 9999}) {
            for (int m = 1; m <= 12; m++) {
                for (int d = 1; d <= 32; d++) {
                    String text = String.format("%04d-%02d-%02d", y, m, d);
                    boolean date = d <= java.time.YearMonth.of(y, m).lengthOfMonth();
                    assertThat(iso.isIsoDate(text)).as(text).isEqualTo(date);
                    assertThat(iso.isIsoDate(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 10))
                            .as(text).isEqualTo(date);
                }
            }
        }
    }
}
