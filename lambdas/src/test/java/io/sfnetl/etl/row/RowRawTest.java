package io.sfnetl.etl.row;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.spec.internal.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Raw values of a {@link Row}: spans of its own bytes that stand for the typed values the general path makes. */
class RowRawTest {
    private static final RowLayout LAYOUT = RowLayout.of(List.of("t", "i", "d", "x"));

    /** A row whose buffer holds {@code text} (ASCII). */
    private static Row row(String text) {
        Row row = new Row(LAYOUT);
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, row.rawBuffer(b.length), 0, b.length);
        return row;
    }

    @Test
    void get_rawValues_equalTypedValues() {
        Row row = row("abc|-12|2064.43|0.000001");
        row.setRaw(0, Row.RAW_TEXT, 0, 3);
        row.setRaw(1, Row.RAW_INTEGER, 4, 7);
        row.setRaw(2, Row.RAW_DECIMAL, 8, 15);
        row.setRaw(3, Row.RAW_DECIMAL, 16, 24);

        assertThat(row.get(0)).isEqualTo("abc");
        assertThat(row.get(1)).isEqualTo(-12L);
        assertThat(row.get(2)).isEqualTo(new BigDecimal("2064.43"));   // equals: same scale
        assertThat(row.get(3)).isEqualTo(new BigDecimal("0.000001"));
        assertThat(row.rawKind(2)).as("a made value keeps its span").isEqualTo(Row.RAW_DECIMAL);
        ObjectNode expected = Json.object().put("t", "abc").put("i", -12L).put("d", new BigDecimal("2064.43"))
                .put("x", new BigDecimal("0.000001"));
        assertThat(row.toNode()).isEqualTo(expected);
    }

    @Test
    void get_rawNumberForms_printAsTheirValue() {
        for (String n : new String[] {"0", "7", "-5", "123456789012345678", "-12345678901234567"}) {
            Row row = row(n);
            row.setRaw(1, Row.RAW_INTEGER, 0, n.length());
            assertThat(row.get(1)).isEqualTo(Long.parseLong(n));
            assertThat(row.get(1).toString()).isEqualTo(n);
        }
        for (String n : new String[] {"0", "0.0", "1.50", "-0.5", "2064.43", "0.000001", "-0.0000010", "12345678.90123456"}) {
            Row row = row(n);
            row.setRaw(2, Row.RAW_DECIMAL, 0, n.length());
            assertThat(row.get(2)).isEqualTo(new BigDecimal(n));
            assertThat(row.get(2).toString()).isEqualTo(n);
        }
    }

    @Test
    void set_sameObject_keepsRawBytes() {
        Row row = row("abc");
        row.setRaw(0, Row.RAW_TEXT, 0, 3);
        Object made = row.get(0);

        row.set(0, made);

        assertThat(row.rawKind(0)).isEqualTo(Row.RAW_TEXT);
        assertThat(row.get(0)).isSameAs(made);
    }

    @Test
    void set_otherObject_dropsRawBytes() {
        Row row = row("abc");
        row.setRaw(0, Row.RAW_TEXT, 0, 3);

        row.set(0, new String("abc"));

        assertThat(row.rawKind(0)).isZero();
        assertThat(row.get(0)).isEqualTo("abc");
        assertThat(row.mapRawText(0, 1)).isFalse();
    }

    @Test
    void remove_rawValue_dropsRawBytes() {
        Row row = row("abc|5");
        row.setRaw(0, Row.RAW_TEXT, 0, 3);
        row.setRaw(1, Row.RAW_INTEGER, 4, 5);

        assertThat(row.remove(0)).isEqualTo("abc");

        assertThat(row.rawKind(0)).isZero();
        assertThat(row.get(0)).isNull();
        assertThat(row.size()).isEqualTo(1);
        row.set(0, "z");
        assertThat(row.rawKind(0)).isZero();
        assertThat(row.toNode().toString()).isEqualTo("{\"i\":5,\"t\":\"z\"}");
    }

    @Test
    void mapRawText_everyAsciiChar_sameAsStringMethods() {
        for (int c = 0; c < 128; c++) {
            char ch = (char) c;
            for (String text : new String[] {"" + ch, "" + ch + ch + "aZ" + ch + "mQ" + ch + ch, "x" + ch + "Y",
                ch + " " + ch}) {
                for (int op = 0; op < 3; op++) {
                    Row row = new Row(LAYOUT);
                    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
                    System.arraycopy(b, 0, row.rawBuffer(b.length + 2), 1, b.length);
                    row.setRaw(0, Row.RAW_TEXT, 1, 1 + b.length);

                    assertThat(row.mapRawText(0, op)).isTrue();

                    String expected = switch (op) {
                        case 0 -> text.strip();
                        case 1 -> text.toUpperCase(Locale.ROOT);
                        default -> text.toLowerCase(Locale.ROOT);
                    };
                    assertThat(row.get(0)).as("op %d on char %d", op, c).isEqualTo(expected);
                }
            }
        }
    }

    /** Texts of every length up to 40 at every offset: mapped as the String methods map, the bytes around untouched. */
    @Test
    void mapRawText_randomAsciiOfEveryLength_sameAsStringMethodsAndNeighboursKept() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int n = 0; n <= 40; n++) {
            for (int k = 0; k < 60; k++) {
                char[] cs = new char[n];
                for (int i = 0; i < n; i++) {
                    cs[i] = (char) (k % 2 == 0 ? r.nextInt(128) : "aAzZ@[`{mM09 ".charAt(r.nextInt(13)));
                }
                String text = new String(cs);
                int op = 1 + r.nextInt(2);
                int at = r.nextInt(9);
                Row row = new Row(LAYOUT);
                byte[] buffer = row.rawBuffer(at + n + 9);
                java.util.Arrays.fill(buffer, 0, at + n + 9, (byte) 'q');
                System.arraycopy(text.getBytes(StandardCharsets.ISO_8859_1), 0, buffer, at, n);
                row.setRaw(0, Row.RAW_TEXT, at, at + n);

                assertThat(row.mapRawText(0, op)).isTrue();

                String expected = op == 1 ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
                assertThat(row.get(0)).as("op %d on [%s]", op, text).isEqualTo(expected);
                for (int i = 0; i < at + n + 9; i++) {
                    if (i < at || i >= at + n) {
                        assertThat(row.rawBytes()[i]).as("byte %d outside [%d, %d)", i, at, at + n).isEqualTo((byte) 'q');
                    }
                }
            }
        }
    }

    @Test
    void mapRawText_notRawText_false() {
        Row row = row("abc|5");
        row.set(0, "abc");
        row.setRaw(1, Row.RAW_INTEGER, 4, 5);
        row.setRaw(2, Row.RAW_TEXT, 0, 3);
        row.get(2);   // made: the value, not the bytes, is what a transform must change now

        assertThat(row.mapRawText(0, 1)).isFalse();
        assertThat(row.mapRawText(1, 0)).isFalse();
        assertThat(row.mapRawText(2, 1)).isFalse();
        assertThat(row.mapRawText(3, 1)).isFalse();
        assertThat(row.get(2)).isEqualTo("abc");
    }

    @Test
    void clear_rowWithRawValues_emptiesIt() {
        Row row = row("abc|5");
        row.setRaw(0, Row.RAW_TEXT, 0, 3);
        row.setRaw(1, Row.RAW_INTEGER, 4, 5);
        row.set(3, "x");

        row.clear();

        assertThat(row.size()).isZero();
        for (int slot = 0; slot < LAYOUT.size(); slot++) {
            assertThat(row.get(slot)).isNull();
            assertThat(row.rawKind(slot)).isZero();
        }
        assertThat(row.toNode().isEmpty()).isTrue();
        row.set(3, "y");
        row.setRaw(2, Row.RAW_DECIMAL, 4, 5);
        assertThat(row.toNode().toString()).isEqualTo("{\"x\":\"y\",\"d\":5}");
        row.set(0, "plain");   // a slot raw before the clear, set to a value: no raw bytes left of it
        assertThat(row.rawKind(0)).isZero();
        assertThat(row.get(0)).isEqualTo("plain");
        assertThat(row.mapRawText(0, 1)).isFalse();
    }

    @Test
    void rawBuffer_afterClear_keptAndGrown() {
        Row row = new Row(LAYOUT);
        byte[] first = row.rawBuffer(10);
        row.clear();

        assertThat(row.rawBuffer(10)).isSameAs(first);
        assertThat(row.rawBuffer(first.length + 1).length).isGreaterThan(first.length);
    }

    // ---------------------------------------------------------------- setRawDecimal

    /** The bytes of a slot's raw value. */
    private static String rawText(Row row, int slot) {
        return new String(row.rawBytes(), row.rawFrom(slot), row.rawTo(slot) - row.rawFrom(slot),
                StandardCharsets.US_ASCII);
    }

    /** Sets {@code unscaled, scale} and checks it against BigDecimal's print. @return whether it was set */
    private static boolean assertSetRawDecimal(Row row, int slot, long unscaled, int scale) {
        Object before = row.get(slot);
        boolean set = row.setRawDecimal(slot, unscaled, scale);
        if (unscaled == Long.MIN_VALUE || scale < 0 || scale > 18) {
            assertThat(set).as("%d scale %d", unscaled, scale).isFalse();
        } else {
            BigDecimal expected = BigDecimal.valueOf(unscaled, scale);
            String printed = expected.toString();
            assertThat(set).as("%d scale %d prints %s", unscaled, scale, printed).isEqualTo(!printed.contains("E"));
            if (set) {
                assertThat(row.rawKind(slot)).isEqualTo(Row.RAW_DECIMAL);
                assertThat(rawText(row, slot)).as("%d scale %d", unscaled, scale).isEqualTo(printed);
                assertThat(row.rawUnscaled(slot)).isEqualTo(unscaled);
                assertThat(row.rawScale(slot)).isEqualTo(scale);
                assertThat(row.get(slot)).isEqualTo(expected);   // equals: same scale
                assertThat(row.get(slot).toString()).isEqualTo(printed);
            }
        }
        if (!set) {
            assertThat(row.get(slot)).as("a refused value leaves the slot").isEqualTo(before);
        }
        return set;
    }

    @Test
    void setRawDecimal_randomValuesAndScales_printAsBigDecimal() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(12);
        int set = 0;
        int refused = 0;
        for (int k = 0; k < 8_000; k++) {
            long unscaled = switch (k % 6) {
                case 0 -> r.nextLong();
                case 1 -> r.nextLong(-1000, 1000);
                case 2 -> r.nextLong(Integer.MIN_VALUE - 10L, Integer.MAX_VALUE + 10L);
                case 3 -> (r.nextBoolean() ? -1 : 1) * (long) Math.pow(10, r.nextInt(19)) + r.nextInt(-1, 2);
                case 4 -> r.nextLong() >> r.nextInt(64);
                default -> 0;
            };
            Row row = new Row(LAYOUT);
            row.rawBuffer(r.nextInt(200));
            for (int scale = 0; scale <= 18; scale++) {
                if (assertSetRawDecimal(row, k % 4, unscaled, scale)) {
                    set++;
                } else {
                    refused++;
                }
            }
        }
        assertThat(set).isGreaterThan(19_000);
        assertThat(refused).as("values printed with an exponent").isGreaterThan(2_000);
    }

    /** Short values written one after another up to and past the buffer's end (each is written as a whole word). */
    @Test
    void setRawDecimal_shortValuesToTheBufferEnd_eachPrintsAsBigDecimal() {
        for (int capacity = 0; capacity < 24; capacity++) {
            Row row = new Row(LAYOUT);
            row.rawBuffer(capacity);
            for (int k = 0; k < 120; k++) {
                long unscaled = k % 3 == 0 ? 5 : k % 3 == 1 ? 12 : 1234;
                assertThat(assertSetRawDecimal(row, k % 4, unscaled, 1 + k % 2)).isTrue();
            }
        }
    }

    @Test
    void setRawDecimal_edgeValues_printAsBigDecimalOrRefuse() {
        long[] values = {0, 1, -1, 9, 10, -10, 999_999, 1_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE,
            999_999_999_999_999_999L, 1_000_000_000_000_000_000L, -1_000_000_000_000_000_000L, 1234567, 12345678};
        for (long v : values) {
            for (int scale = -2; scale <= 20; scale++) {
                Row row = new Row(LAYOUT);
                row.rawBuffer(0);
                assertSetRawDecimal(row, 2, v, scale);
            }
        }
        Row row = new Row(LAYOUT);
        row.rawBuffer(3);
        assertThat(row.setRawDecimal(1, 125, 3)).isTrue();
        assertThat(rawText(row, 1)).isEqualTo("0.125");
        assertThat(row.setRawDecimal(1, 1, 7)).as("1E-7").isFalse();
        assertThat(row.setRawDecimal(1, 10, 7)).as("0.0000010").isTrue();
        assertThat(row.setRawDecimal(1, 0, 7)).as("0E-7").isFalse();
        assertThat(row.setRawDecimal(1, 0, 6)).as("0.000000").isTrue();
        assertThat(row.toNode().toString()).isEqualTo("{\"i\":0.000000}");
    }

    @Test
    void setRawDecimal_noRawBuffer_false() {
        Row row = new Row(LAYOUT);

        assertThat(row.setRawDecimal(2, 5, 1)).isFalse();
        assertThat(row.get(2)).isNull();
        assertThat(row.size()).isZero();
    }

    @Test
    void setRawDecimal_valuesPastTheSpareRoom_growBufferAndKeepEarlierBytes() {
        for (int used : new int[] {0, 1, 150, 192, 193, 250, 255, 300, 1000}) {
            Row row = new Row(LAYOUT);
            byte[] source = row.rawBuffer(used);
            for (int i = 0; i < used; i++) {
                source[i] = (byte) ('a' + i % 26);
            }
            if (used >= 3) {
                row.setRaw(0, Row.RAW_TEXT, 0, 3);
            }
            int room = source.length - used;
            List<Long> values = new java.util.ArrayList<>();
            for (int k = 0; k < 20; k++) {   // each up to 21 bytes: 420 bytes, past any spare room
                long v = (k % 2 == 0 ? -1 : 1) * (123_456_789_012_345_678L + k);
                values.add(v);
                assertThat(row.setRawDecimal(1 + k % 3, v, 9)).isTrue();
                assertThat(rawText(row, 1 + k % 3)).isEqualTo(BigDecimal.valueOf(v, 9).toString());
            }
            assertThat(row.rawBytes().length).as("grown past %d spare bytes", room).isGreaterThan(source.length);
            for (int i = 0; i < used; i++) {
                assertThat(row.rawBytes()[i]).as("source byte %d kept", i).isEqualTo(source[i]);
            }
            for (int k = 17; k < 20; k++) {
                assertThat(row.get(1 + k % 3)).isEqualTo(BigDecimal.valueOf(values.get(k), 9));
            }
            if (used >= 3) {
                assertThat(row.get(0)).isEqualTo("abc");
            }
        }
    }
}
