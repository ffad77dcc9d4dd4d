package io.sfnetl.etl.transform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonataBridge#rawDecimal} (a derive {@code a op b} with a scale, in longs, on raw numbers) against the
 * BigDecimal path ({@link JsonataBridge#exactDecimal} then {@code setScale(scale, HALF_EVEN)}) on the same values
 * held as Long and BigDecimal: it sets the very value, printed as BigDecimal prints it, or declines (sets nothing) for
 * a division, an overflow, more than 15 digits, or a result printed with an exponent.
 */
class JsonataBridgeRawDecimalTest {
    private static final RowLayout LAYOUT = RowLayout.of(List.of("a", "b", "r"));
    private static final long[] TENS = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L,
        100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L};

    /** An operand: its unscaled value and scale, and whether it is an integer (else a decimal) value. */
    record Operand(long unscaled, int scale, boolean integer) {
        String text() {
            return integer ? Long.toString(unscaled) : BigDecimal.valueOf(unscaled, scale).toString();
        }

        Object value() {
            return integer ? (Object) unscaled : BigDecimal.valueOf(unscaled, scale);
        }
    }

    /** A raw number as the validator's fast path makes them: at most 18 digits, printed without exponent. */
    private static Operand operand(SplittableRandom r) {
        while (true) {
            int digits = switch (r.nextInt(6)) {
                case 0 -> 1;
                case 1 -> 16 + r.nextInt(3);   // near the 18 digits a raw number may have
                case 2 -> 7 + r.nextInt(6);
                default -> 1 + r.nextInt(7);
            };
            long unscaled = r.nextInt(12) == 0 ? 0 : r.nextLong(TENS[digits - 1], TENS[digits] - 1 + 1);
            if (r.nextInt(10) == 0) {
                unscaled = TENS[digits] - 1;   // all nines
            }
            if (r.nextInt(3) == 0) {
                unscaled = -unscaled;
            }
            boolean integer = r.nextInt(3) == 0;
            int scale = integer ? 0 : r.nextInt(4) == 0 ? r.nextInt(19) : r.nextInt(5);
            Operand o = new Operand(unscaled, scale, integer);
            if (!o.text().contains("E")) {
                return o;
            }
        }
    }

    private static Row rawRow(Operand a, Operand b) {
        Row row = new Row(LAYOUT);
        String text = a.text() + "|" + b.text();
        assertThat(text).as("raw numbers print without exponent").doesNotContain("E");
        byte[] buf = row.rawBuffer(text.length());
        System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, buf, 0, text.length());
        int split = a.text().length();
        row.setRaw(0, a.integer() ? Row.RAW_INTEGER : Row.RAW_DECIMAL, 0, split);
        row.setRaw(1, b.integer() ? Row.RAW_INTEGER : Row.RAW_DECIMAL, split + 1, text.length());
        return row;
    }

    private static Row plainRow(Operand a, Operand b) {
        Row row = new Row(LAYOUT);
        row.set(0, a.value());
        row.set(1, b.value());
        return row;
    }

    /** @return true when the raw path set the value */
    private static boolean assertSameAsBigDecimalPath(JsonataBridge bridge, char op, Operand a, Operand b, int scale) {
        Row raw = rawRow(a, b);
        assertThat(raw.get(0)).as("raw operand %s", a).isEqualTo(a.value());
        boolean took = bridge.rawDecimal(raw, 2, scale);
        BigDecimal exact = bridge.exactDecimal(plainRow(a, b));
        String what = a.text() + " " + op + " " + b.text() + " to scale " + scale;
        if (took) {
            assertThat(op).as(what).isNotEqualTo('/');
            assertThat(exact).as(what).isNotNull();
            assertThat(exact.precision()).as(what).isLessThanOrEqualTo(15);
            BigDecimal expected = exact.setScale(scale, RoundingMode.HALF_EVEN);
            assertThat(raw.rawKind(2)).as(what).isEqualTo(Row.RAW_DECIMAL);
            assertThat(new String(raw.rawBytes(), raw.rawFrom(2), raw.rawTo(2) - raw.rawFrom(2),
                    StandardCharsets.US_ASCII)).as(what).isEqualTo(expected.toString());
            assertThat(raw.get(2)).as(what).isEqualTo(expected);   // equals: same scale
            assertThat(raw.toNode().get("r").decimalValue()).as(what).isEqualTo(expected);
            return true;
        }
        assertThat(raw.get(2)).as("declined %s sets nothing", what).isNull();
        assertThat(raw.size()).isEqualTo(2);
        BigDecimal expected = exact == null ? null : exact.setScale(scale, RoundingMode.HALF_EVEN);
        boolean reason = op == '/' || exact == null || exact.precision() > 15 || expected.toString().contains("E")
                || expected.unscaledValue().bitLength() > 63 || (op == '*' && a.scale() + b.scale() > 18);
        assertThat(reason).as("declined %s (exact %s) without a reason", what, exact).isTrue();
        return false;
    }

    @Test
    void rawDecimal_randomOperandsAndScales_sameValueAsBigDecimalPathOrDeclines() {
        SplittableRandom r = new SplittableRandom(21);
        char[] ops = {'+', '-', '*', '/'};
        JsonataBridge[] bridges = new JsonataBridge[ops.length];
        for (int i = 0; i < ops.length; i++) {
            bridges[i] = new JsonataBridge("a " + ops[i] + " b");
        }
        int took = 0;
        int declined = 0;
        for (int k = 0; k < 2500; k++) {
            Operand a = operand(r);
            Operand b = operand(r);
            for (int i = 0; i < ops.length; i++) {
                int resultScale = ops[i] == '*' ? a.scale() + b.scale() : Math.max(a.scale(), b.scale());
                for (int scale : new int[] {r.nextInt(19), resultScale, Math.max(0, resultScale - 1),
                    Math.min(18, resultScale + 1), r.nextInt(4)}) {
                    if (assertSameAsBigDecimalPath(bridges[i], ops[i], a, b, scale)) {
                        took++;
                    } else {
                        declined++;
                    }
                }
            }
        }
        assertThat(took).as("values set in longs").isGreaterThan(12_000);
        assertThat(declined).isGreaterThan(12_000);
    }

    @Test
    void rawDecimal_halfEvenTiesAndEdges_sameValueAsBigDecimalPath() {
        JsonataBridge times = new JsonataBridge("a * b");
        JsonataBridge plus = new JsonataBridge("a + b");
        JsonataBridge minus = new JsonataBridge("a - b");
        Operand one = new Operand(1, 0, true);
        Operand zero = new Operand(0, 0, true);
        for (long tie : new long[] {125, 135, -125, -135, 5, 15, 25, -5, 1, -1, 0, 999, -999, 995, 1005}) {
            for (int scale = 0; scale <= 4; scale++) {
                assertThat(assertSameAsBigDecimalPath(times, '*', new Operand(tie, 3, false), one, scale)).isTrue();
                assertSameAsBigDecimalPath(plus, '+', new Operand(tie, 3, false), zero, scale);
                assertSameAsBigDecimalPath(minus, '-', zero, new Operand(tie, 3, false), scale);
            }
        }
        Row raw = rawRow(new Operand(125, 3, false), one);
        assertThat(times.rawDecimal(raw, 2, 2)).isTrue();
        assertThat(raw.get(2)).isEqualTo(new BigDecimal("0.12"));
        raw = rawRow(new Operand(135, 3, false), one);
        assertThat(times.rawDecimal(raw, 2, 2)).isTrue();
        assertThat(raw.get(2)).isEqualTo(new BigDecimal("0.14"));
        raw = rawRow(new Operand(-125, 3, false), one);
        assertThat(times.rawDecimal(raw, 2, 2)).isTrue();
        assertThat(raw.get(2)).isEqualTo(new BigDecimal("-0.12"));
    }

    @Test
    void rawDecimal_overflowsAndLongResults_decline() {
        JsonataBridge times = new JsonataBridge("a * b");
        JsonataBridge plus = new JsonataBridge("a + b");
        Operand big = new Operand(999_999_999_999_999_999L, 0, true);
        Operand bigNegative = new Operand(-999_999_999_999_999_999L, 0, true);
        Operand fifteen = new Operand(999_999_999_999_999L, 0, true);
        assertThat(assertSameAsBigDecimalPath(times, '*', big, big, 2)).as("overflow").isFalse();
        assertThat(assertSameAsBigDecimalPath(times, '*', big, bigNegative, 0)).as("overflow").isFalse();
        assertThat(assertSameAsBigDecimalPath(plus, '+', big, big, 0)).as("19 digits").isFalse();
        assertThat(assertSameAsBigDecimalPath(plus, '+', fifteen, new Operand(1, 0, true), 0)).as("16 digits")
                .isFalse();
        assertThat(assertSameAsBigDecimalPath(plus, '+', fifteen, new Operand(0, 0, true), 0)).as("15 digits")
                .isTrue();
        assertThat(assertSameAsBigDecimalPath(plus, '+', fifteen, new Operand(0, 0, true), 4)).as("scaled past a long")
                .isFalse();
        assertThat(assertSameAsBigDecimalPath(times, '*', new Operand(3000, 9, false), new Operand(7000, 9, false), 2))
                .as("scale 18 of the product: rounds to 0.00").isTrue();
        assertThat(assertSameAsBigDecimalPath(times, '*', new Operand(30000, 10, false), new Operand(7000, 9, false), 2))
                .as("scale 19 of the product").isFalse();
        assertThat(assertSameAsBigDecimalPath(times, '*', new Operand(1, 4, false), new Operand(1, 4, false), 10))
                .as("1E-8 at scale 10 prints with an exponent").isFalse();
        assertThat(assertSameAsBigDecimalPath(times, '*', new Operand(0, 4, false), new Operand(0, 4, false), 8))
                .as("0E-8").isFalse();
        assertThat(assertSameAsBigDecimalPath(times, '*', new Operand(12, 0, true), new Operand(5, 1, false), 0))
                .as("integer * decimal").isTrue();
        assertThat(assertSameAsBigDecimalPath(times, '*', new Operand(12, 0, true), new Operand(-5, 0, true), 3))
                .as("integer * integer").isTrue();
    }

    @Test
    void rawDecimal_divisionOrOperandNotRaw_declines() {
        Operand a = new Operand(15, 1, false);
        Operand b = new Operand(3, 0, true);
        Row raw = rawRow(a, b);
        assertThat(new JsonataBridge("a / b").rawDecimal(raw, 2, 2)).isFalse();
        assertThat(raw.get(2)).isNull();
        Row plain = plainRow(a, b);
        plain.rawBuffer(0);
        assertThat(new JsonataBridge("a * b").rawDecimal(plain, 2, 2)).as("operands not raw").isFalse();
        Row half = rawRow(a, b);
        half.set(1, 3L);
        assertThat(new JsonataBridge("a * b").rawDecimal(half, 2, 2)).as("b set to a plain value").isFalse();
        assertThat(new JsonataBridge("a * b + 1").rawDecimal(rawRow(a, b), 2, 2)).as("not a op b").isFalse();
        assertThat(new JsonataBridge("a * c").rawDecimal(rawRow(a, b), 2, 2)).as("operand missing").isFalse();
        assertThat(new JsonataBridge("a * b").rawDecimal(rawRow(a, b), 2, 19)).as("scale past 18").isFalse();
    }
}
