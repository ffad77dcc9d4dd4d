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
}
