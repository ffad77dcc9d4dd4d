package io.sfnetl.etl.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldCheckTest {
    @Test
    void plainDecimal_plainTexts_sameUnscaledValueAndScaleAsTheParser() {
        List<String> texts = new ArrayList<>(List.of("0", "-0", "+0", "0.00", "-0.00", "2064.43", "+1.5", "007.50",
                "123456789012345678", "-0.00000000000000001", "99999999999999999.9", "1"));
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            String all = Long.toString(random.nextLong() & Long.MAX_VALUE) + "000000000000000000";
            String digits = all.substring(0, 1 + random.nextInt(18));
            int point = random.nextInt(digits.length() + 1);
            String text = point == 0 || point == digits.length() ? digits
                    : digits.substring(0, point) + "." + digits.substring(point);
            texts.add(random.nextBoolean() ? "-" + text : text);
        }
        for (String text : texts) {
            BigDecimal fast = FieldCheck.plainDecimal(text);
            BigDecimal parsed = new BigDecimal(text);
            assertThat(fast).as(text).isNotNull();
            assertThat(fast.unscaledValue()).as(text).isEqualTo(parsed.unscaledValue());
            assertThat(fast.scale()).as(text).isEqualTo(parsed.scale());
        }
    }

    @Test
    void plainDecimal_otherTexts_nullForTheGeneralParser() {
        for (String text : List.of("", "-", "+", ".5", "1.", "1e3", "1E+3", "1.2.3", "1,5", " 1", "1 ", "--1",
                "1234567890123456789", "0.1234567890123456789", "-0.000000000000000001", "١٢", "NaN", "0x10")) {
            assertThat(FieldCheck.plainDecimal(text)).as(text).isNull();
        }
    }
}
