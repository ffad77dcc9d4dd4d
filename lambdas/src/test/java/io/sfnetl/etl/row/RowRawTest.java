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
    }

    @Test
    void rawBuffer_afterClear_keptAndGrown() {
        Row row = new Row(LAYOUT);
        byte[] first = row.rawBuffer(10);
        row.clear();

        assertThat(row.rawBuffer(10)).isSameAs(first);
        assertThat(row.rawBuffer(first.length + 1).length).isGreaterThan(first.length);
    }
}
