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

    /**
     * A decimal field takes exactly what {@code new BigDecimal(text)} takes (the oracle): texts with chars no number
     * has are refused without parsing, digits of other scripts still reach the parser.
     */
    @Test
    void checkValue_decimalTexts_acceptedExactlyWhenBigDecimalParsesThem() {
        FieldCheck check = new FieldCheck(new io.sfnetl.etl.spec.FieldSpec("v", "v", io.sfnetl.etl.spec.FieldType.DECIMAL,
                List.of(), null, true, null, null, null, null, null, java.util.Set.of(), false, false));
        io.sfnetl.etl.row.RowLayout layout = io.sfnetl.etl.row.RowLayout.of(List.of("v"));
        for (String text : new String[] {"12,50x", "abc", "1e3", "-1.5E-2", "+.5", "5.", "\u0661\u0662\u0663", "1_000",
            "0x10", "12.5.1", "--1", "1e", " 1 ", "1 2", "\u0661.\u0665", "NaN", "Infinity"}) {
            BigDecimal expected;
            try {
                expected = new BigDecimal(text.strip());   // numbers are stripped first
            } catch (NumberFormatException e) {
                expected = null;
            }
            io.sfnetl.etl.row.Row row = new io.sfnetl.etl.row.Row(layout);
            List<String> reasons = new ArrayList<>();
            check.checkValue(text, row, 0, reasons);
            if (expected == null) {
                assertThat(reasons).as(text).singleElement().asString().contains("is not a decimal number");
            } else {
                assertThat(reasons).as(text).isEmpty();
                assertThat(row.get(0)).as(text).isEqualTo(expected);
            }
        }
    }
}
