package io.sfnetl.etl.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.SpecParser;
import io.sfnetl.etl.storage.StagingLines;
import io.sfnetl.etl.testing.TestSpecs;
import io.sfnetl.etl.transform.RowTransformer;
import io.sfnetl.etl.transform.Transformed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of {@link ValidatedReader}: on every record of every file, its answer (offsets, line, valid or
 * not, reasons, the row's tree and staging bytes, and the same after the spec's transforms) is the general path's
 * ({@link RecordReaders#open} then {@link RowValidator#validate}), over the whole object and over ranges that start
 * mid-file.
 */
public class ValidatedReaderTest {

    // ---------------------------------------------------------------- harness

    /** What one path says of one record; equal for both paths record by record. */
    record Seen(long offset, long nextOffset, long line, String raw, String parseError, List<String> reasons,
            ObjectNode row, String rowLine, String transformed, ObjectNode item, String itemLine) {
        /** Without the row's tree (not made when the raw row goes to the transforms untouched). */
        Seen withoutTree() {
            return new Seen(offset, nextOffset, line, raw, parseError, reasons, null, rowLine, transformed, item,
                    itemLine);
        }
    }

    /** What a comparison saw of the fast path, for tests that must know it was taken. */
    record Stats(int records, int valid, int rawRows, int reusedRows) {
        Stats plus(Stats o) {
            return new Stats(records + o.records, valid + o.valid, rawRows + o.rawRows, reusedRows + o.reusedRows);
        }
    }

    /** Encodes staging lines one at a time. */
    private static final class Lines {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final StagingLines.Writer writer = new StagingLines.Writer(out);

        String of(long offset, long line, Row row) {
            writer.row(offset, line, row);
            return take();
        }

        String ofTree(long offset, long line, ObjectNode row) {
            writer.row(offset, line, row);
            return take();
        }

        private String take() {
            writer.flush();
            String s = out.toString(StandardCharsets.ISO_8859_1);   // byte for byte
            out.reset();
            return s;
        }
    }

    /**
     * Runs both paths over {@code bytes} (the whole object, then ranges starting mid-file with and without an exact
     * start) and asserts they agree on every record.
     */
    static Stats assertSameAsGeneralPath(DatasetSpec spec, byte[] bytes) {
        return assertSameAsGeneralPath(spec, bytes, UnaryOperator.identity());
    }

    /**
     * As {@link #assertSameAsGeneralPath(DatasetSpec, byte[])}, each path reading the bytes through {@code wrap}
     * (a stream that hands out few bytes per read, ...).
     */
    static Stats assertSameAsGeneralPath(DatasetSpec spec, byte[] bytes, UnaryOperator<InputStream> wrap) {
        Paths paths = new Paths(spec, RowValidator.of(spec), RowTransformer.of(spec), wrap);
        Result whole = run(paths, bytes, ReadRange.whole(), false, true);
        Stats stats = compare(paths, bytes, ReadRange.whole(), whole);
        List<String> header = null;
        if (spec.format().header()) {
            try {
                header = RecordReaders.readHeader(spec, new ByteArrayInputStream(bytes));
            } catch (RuntimeException e) {
                return stats;   // no usable header: the whole-object comparison saw both paths fail alike
            }
        }
        int n = bytes.length;
        for (int start : new int[] {1, n / 3, n - 2}) {
            if (start > 0 && start < n) {
                compare(paths, bytes, new ReadRange(start, Long.MAX_VALUE, false, -1, header), null);
            }
        }
        if (n > 4) {
            compare(paths, bytes, new ReadRange(n / 2, n - n / 4, false, 7, header), null);
        }
        List<Seen> all = whole.seen();
        if (all.size() > 2) {
            Seen mid = all.get(all.size() / 2);
            compare(paths, bytes, new ReadRange(mid.offset(), Long.MAX_VALUE, true, mid.line(), header), null);
        }
        return stats;
    }

    /** Compares both paths over one range only, each reading the bytes through {@code wrap}. */
    static Stats assertSameOverRange(DatasetSpec spec, byte[] bytes, ReadRange range, UnaryOperator<InputStream> wrap) {
        return compare(new Paths(spec, RowValidator.of(spec), RowTransformer.of(spec), wrap), bytes, range, null);
    }

    /**
     * Compares the paths over one range, twice: the fast rows' trees made before the transforms (their raw values
     * are then made), and the transforms run on rows whose raw values nothing has made yet (as the stages do).
     */
    private static Stats compare(Paths paths, byte[] bytes, ReadRange range, Result generalRun) {
        Result general = generalRun != null ? generalRun : run(paths, bytes, range, false, true);
        Result fast = run(paths, bytes, range, true, true);
        Result untouched = run(paths, bytes, range, true, false);
        assertThat(fast.error()).as("opening %s", range).isEqualTo(general.error());
        for (int i = 0; i < Math.min(general.seen().size(), fast.seen().size()); i++) {
            assertThat(fast.seen().get(i)).as("record %d of %s", i, range).isEqualTo(general.seen().get(i));
            assertThat(untouched.seen().get(i).withoutTree()).as("record %d of %s, transformed untouched", i, range)
                    .isEqualTo(general.seen().get(i).withoutTree());
        }
        assertThat(fast.seen()).as("records of %s", range).hasSameSizeAs(general.seen());
        return fast.stats();
    }

    record Result(List<Seen> seen, String error, Stats stats) {}

    /** A spec with its validator and transformer (built once: both are thread-safe and used for every range). */
    record Paths(DatasetSpec spec, RowValidator validator, RowTransformer transformer, UnaryOperator<InputStream> wrap) {}

    /** @param treeFirst make each valid row's tree before transforming it (else only its staging line) */
    private static Result run(Paths paths, byte[] bytes, ReadRange range, boolean fast, boolean treeFirst) {
        DatasetSpec spec = paths.spec();
        RowValidator validator = paths.validator();
        RowTransformer transformer = paths.transformer();
        Lines lines = new Lines();
        List<Seen> seen = new ArrayList<>();
        int from = (int) range.streamStart();
        InputStream in = paths.wrap().apply(new ByteArrayInputStream(bytes, from, bytes.length - from));
        int valid = 0;
        int rawRows = 0;
        int reused = 0;
        try {
            if (fast) {
                Row previous = null;
                try (ValidatedReader r = ValidatedReader.open(validator, spec, in, range)) {
                    while (r.next()) {
                        SourceRecord rec = r.record();
                        assertThat(r.offset()).isEqualTo(rec.offset());
                        assertThat(r.nextOffset()).isEqualTo(rec.nextOffset());
                        assertThat(r.line()).isEqualTo(rec.line());
                        Row row = r.valid();
                        if (row != null) {
                            valid++;
                            reused += row == previous ? 1 : 0;
                            previous = row;
                            rawRows += hasRaw(row) ? 1 : 0;
                        }
                        seen.add(seen(r.offset(), r.nextOffset(), r.line(), rec, r.reasons(), row, transformer, lines,
                                treeFirst));
                    }
                }
            } else {
                try (RecordReader r = RecordReaders.open(spec, in, range)) {
                    for (SourceRecord rec = r.next(); rec != null; rec = r.next()) {
                        Validation v = rec.malformed() ? new Validation.Invalid(List.of(rec.parseError()))
                                : validator.validate(rec);
                        Row row = v instanceof Validation.Valid ok ? ok.values() : null;
                        List<String> reasons = v instanceof Validation.Invalid bad ? bad.reasons() : null;
                        valid += row == null ? 0 : 1;
                        seen.add(seen(rec.offset(), rec.nextOffset(), rec.line(), rec, reasons, row, transformer, lines,
                                treeFirst));
                    }
                }
            }
        } catch (RuntimeException e) {
            return new Result(seen, e.getClass().getName() + ": " + e.getMessage(), new Stats(seen.size(), valid,
                    rawRows, reused));
        }
        return new Result(seen, null, new Stats(seen.size(), valid, rawRows, reused));
    }

    private static boolean hasRaw(Row row) {
        for (int i = 0; i < row.size(); i++) {
            if (row.rawKind(row.slotAt(i)) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Everything observable of one record; transforms {@code row} in place. */
    private static Seen seen(long offset, long nextOffset, long line, SourceRecord rec, List<String> reasons, Row row,
            RowTransformer transformer, Lines lines, boolean treeFirst) {
        if (row == null) {
            assertThat(reasons).as("an invalid record has reasons").isNotEmpty();
            return new Seen(offset, nextOffset, line, rec.raw(), rec.parseError(), reasons, null, null, null, null,
                    null);
        }
        assertThat(reasons).isNull();
        String rowLine = lines.of(offset, line, row);   // copies raw values without making them
        ObjectNode node = null;
        if (treeFirst) {
            node = row.toNode();
            assertThat(rowLine).as("row encoded directly vs as a tree, record at %d", offset)
                    .isEqualTo(lines.ofTree(offset, line, node));
        }
        String transformed;
        ObjectNode item = null;
        String itemLine = null;
        try {
            switch (transformer.transform(row)) {
                case Transformed.Ok ok -> {
                    transformed = "ok";
                    item = ok.item();
                    itemLine = lines.of(offset, line, ok.values());
                    assertThat(itemLine).as("item encoded directly vs as a tree, record at %d", offset)
                            .isEqualTo(lines.ofTree(offset, line, item));
                }
                case Transformed.Failed failed -> transformed = "failed " + failed.reasons();
            }
        } catch (RuntimeException e) {
            transformed = "threw " + e;
        }
        return new Seen(offset, nextOffset, line, rec.raw(), rec.parseError(), null, node, rowLine, transformed, item,
                itemLine);
    }

    // ---------------------------------------------------------------- specs and files

    private static final String CSV = "{\"type\":\"csv\",\"header\":true}";
    private static final String MULTILINE = "{\"type\":\"csv\",\"header\":true,\"multiline\":true}";

    /**
     * A spec of {@code fields} (JSON objects) and {@code transforms}, keyed by its first required field (else its
     * first field).
     */
    static DatasetSpec spec(String format, String fields, String transforms) {
        String key;
        try {
            com.fasterxml.jackson.databind.JsonNode list = io.sfnetl.etl.spec.internal.Json.MAPPER.readTree(
                    "[" + fields + "]");
            key = list.get(0).get("name").textValue();
            for (com.fasterxml.jackson.databind.JsonNode f : list) {
                if (f.path("required").asBoolean()) {
                    key = f.get("name").textValue();
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestSpecs.parse("{\"dataset\":\"edge\",\"format\":" + format + ",\"fields\":[" + fields
                + "],\"transforms\":[" + transforms + "],\"target\":{\"table\":\"edge\",\"partitionKey\":"
                + "{\"name\":\"pk\",\"template\":\"k{" + key + "}\"}}}");
    }

    static DatasetSpec spec(String format, String fields) {
        return spec(format, fields, "");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static DatasetSpec orders() {
        try (InputStream in = Files.newInputStream(Path.of(SpecOrders.PATH))) {
            return SpecParser.parse(in, SpecOrders.PATH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The orders layout with defects and odd but valid values, as the twin's OrdersGenerator writes (and more). */
    public static byte[] generatedOrders(long seed, int rows, boolean multiline) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] currencies = {"EUR", "USD", "GBP", "eur", "Usd", " GBP "};
        String[] statuses = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
        String[] notes = {"", "", "", "leave at the door", "\"gift, please wrap\"", "\"call \"\"before\"\" delivery\"",
                "fragile", "\"second floor, ring twice\"", "  padded  ", "tab\there", "caf\u00e9", "back\\slash"};
        StringBuilder sb = new StringBuilder(
                "order_id,customer_id,email,order_date,amount,currency,quantity,status,notes\n");
        for (int i = 1; i <= rows; i++) {
            String orderId = String.format("ORD-%06d", i);
            String customer = "C" + (1000 + random.nextInt(9000));
            String email = "user" + random.nextInt(100_000) + "@Example.com";
            String date = java.time.LocalDate.of(2026, 1, 1).plusDays(random.nextInt(330)).toString();
            String amount = java.math.BigDecimal.valueOf(random.nextInt(1, 500_000), 2).toPlainString();
            String currency = currencies[random.nextInt(currencies.length)];
            String quantity = Integer.toString(1 + random.nextInt(20));
            String status = statuses[random.nextInt(statuses.length)];
            String note = notes[random.nextInt(notes.length)];
            if (multiline && random.nextInt(10) == 0) {
                note = "\"line one\nline two, with a comma\"";
            }
            boolean dropColumn = false;
            if (random.nextInt(10) == 0) {
                switch (random.nextInt(14)) {
                    case 0 -> orderId = "ORDER-" + i;
                    case 1 -> customer = "";
                    case 2 -> email = "not-an-email";
                    case 3 -> date = "2026-02-30";
                    case 4 -> amount = "-" + amount;
                    case 5 -> amount = "\"12,50x\"";
                    case 6 -> currency = "XXX";
                    case 7 -> quantity = "0";
                    case 8 -> status = "LOST";
                    case 9 -> dropColumn = true;
                    case 10 -> amount = " " + amount + " ";     // valid: numbers are stripped
                    case 11 -> quantity = "+" + quantity;       // valid, not canonical
                    case 12 -> amount = "0" + amount;           // valid, leading zero
                    default -> customer = "\"" + customer + "\"";
                }
            }
            sb.append(orderId).append(',').append(customer).append(',').append(email).append(',').append(date)
                    .append(',').append(amount).append(',').append(currency).append(',').append(quantity);
            if (!dropColumn) {
                sb.append(',').append(status);
            }
            sb.append(',').append(note).append(i % 50 == 0 ? "\r\n" : "\n");
        }
        return utf8(sb.toString());
    }

    // ---------------------------------------------------------------- the orders sample

    @Test
    void validatedReader_ordersSample_sameAsGeneralPathAndFast() throws IOException {
        Stats s = assertSameAsGeneralPath(orders(), Files.readAllBytes(Path.of("../samples/orders/orders.csv")));

        assertThat(s.records()).isEqualTo(1000);
        assertThat(s.valid()).isGreaterThan(900);
        assertThat(s.rawRows()).as("rows with raw values: the fast path ran").isEqualTo(s.valid());
        assertThat(s.reusedRows()).as("one row reused across fast records").isEqualTo(s.valid() - 1);
    }

    @Test
    void validatedReader_generatedOrdersWithDefects_sameAsGeneralPath() {
        Stats s = assertSameAsGeneralPath(orders(), generatedOrders(42, 3000, true));

        assertThat(s.records()).isEqualTo(3000);
        assertThat(s.valid()).isBetween(2000, 2950);
        assertThat(s.rawRows()).isGreaterThan(s.valid() / 2);
    }

    @Test
    void validatedReader_generatedOrdersSingleLine_sameAsGeneralPath() {
        DatasetSpec spec = TestSpecs.parse(new String(readAll(Path.of(SpecOrders.PATH)), StandardCharsets.UTF_8)
                .replace("\"multiline\": true", "\"multiline\": false"));

        assertThat(spec.format().multiline()).isFalse();
        assertSameAsGeneralPath(spec, generatedOrders(7, 1500, false));
    }

    @Test
    void validatedReader_plainAsciiRows_fastPathReusesOneRow() {
        DatasetSpec spec = spec(CSV, "{\"name\":\"a\",\"type\":\"integer\"},{\"name\":\"b\",\"type\":\"string\"}");
        RowValidator validator = RowValidator.of(spec);
        try (ValidatedReader r = ValidatedReader.open(validator, spec,
                new ByteArrayInputStream(utf8("a,b\n12,x\n13,y\n")), ReadRange.whole())) {
            assertThat(r.next()).isTrue();
            Row first = r.valid();
            assertThat(first.rawKind(first.layout().slot("a"))).isEqualTo(Row.RAW_INTEGER);
            assertThat(first.rawKind(first.layout().slot("b"))).isEqualTo(Row.RAW_TEXT);
            assertThat(r.next()).isTrue();
            assertThat(r.valid()).isSameAs(first);
            assertThat(r.valid().toNode().toString()).isEqualTo("{\"a\":13,\"b\":\"y\"}");
            assertThat(r.next()).isFalse();
        }
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- CSV syntax

    /** Strings (one required), an integer and a decimal: most syntax cases need nothing more. */
    private static final String TEXT_FIELDS = "{\"name\":\"s\",\"type\":\"string\"},"
            + "{\"name\":\"r\",\"type\":\"string\",\"required\":true},"
            + "{\"name\":\"i\",\"type\":\"integer\"},{\"name\":\"d\",\"type\":\"decimal\"}";

    private static Stats textFile(String format, String body) {
        return assertSameAsGeneralPath(spec(format, TEXT_FIELDS), utf8("s,r,i,d\n" + body));
    }

    @Test
    void validatedReader_quotedFields_sameAsGeneralPath() {
        Stats s = textFile(CSV, "\"a\",\"b\",\"12\",\"1.5\"\n\"a,b\",\"c\",1,2\n\"\",\"x\",\"\",\"\"\n"
                + "a,\"b\",\" 3 \",\"-0\"\n");
        assertThat(s.valid()).isEqualTo(4);
    }

    @Test
    void validatedReader_doubledQuotes_sameAsGeneralPath() {
        Stats s = textFile(CSV, "\"say \"\"hi\"\"\",\"\"\"\",1,1\n\"\"\"\"\"\",x,\"1\"\"\",2\n\"a\"\"\",b,\"7\",\"2.0\"\n");
        assertThat(s.records()).isEqualTo(3);
    }

    @Test
    void validatedReader_strayQuoteInUnquotedField_sameAsGeneralPath() {
        textFile(CSV, "ab\"c,x,1,1\nab\",x,1,1\na,x\"y\"z,1,1\n1\"2,x,1\"2,1\"\n");
    }

    @Test
    void validatedReader_quotedNewlinesMultiline_sameAsGeneralPath() {
        textFile(MULTILINE, "\"line\none\",x,1,1\n\"a\r\nb\",\"c\nd\",2,2\n\"unterminated\n");
        textFile(CSV, "\"line\none\",x,1,1\na,b,1,1\n");
    }

    @Test
    void validatedReader_crlfLineEnds_sameAsGeneralPath() {
        Stats s = textFile(CSV, "a,b,1,1.5\r\nc,d,2,2.5\r\n\r\ne,f,3,3\r\n");
        assertThat(s.rawRows()).isEqualTo(3);
    }

    @Test
    void validatedReader_controlChars_sameAsGeneralPath() {
        textFile(CSV, "a\u0001b,x,1,1\na\rb,x,2,2\n\u001Fa,\u001C,\u001E3\u001D,\u001F4\u001F\n\u0000,x,\u000B5\f,6\n"
                + "\u007F,x,1,1\n\b,x,\t7\t,8\n");
    }

    @Test
    void validatedReader_backslashes_sameAsGeneralPath() {
        textFile(CSV, "a\\b,\\,1,1\n\"\\\"\",x,2,2\n\\n,\\\\,3,3\n");
    }

    @Test
    void validatedReader_tabs_sameAsGeneralPath() {
        textFile(CSV, "\ta,b\t,\t1,2\t\n\t,\t\t,1,1\n");
        assertSameAsGeneralPath(spec("{\"type\":\"csv\",\"header\":true,\"delimiter\":\"\\t\"}", TEXT_FIELDS),
                utf8("s\tr\ti\td\na b\tc\t1\t2.5\n\"a\tb\"\tc\t 1 \t2\n"));
    }

    @Test
    void validatedReader_nonAscii_sameAsGeneralPath() {
        textFile(CSV, "Jos\u00e9,M\u00fcller,1,1\n\u65e5\u672c,x,2,2\n\ud83d\ude00,y,3,3\nplain,ascii,4,4\n");
        byte[] invalid = {'s', ',', 'r', ',', 'i', ',', 'd', '\n', 'a', (byte) 0xC3, ',', 'x', ',', '1', ',', '1', '\n',
            (byte) 0xFF, ',', 'x', ',', '1', ',', '1', '\n', 'o', 'k', ',', 'x', ',', '1', ',', '1', '\n',
            '1', (byte) 0xE2, (byte) 0x82, ',', 'x', ',', '1', ',', '1', '\n'};
        assertSameAsGeneralPath(spec(CSV, TEXT_FIELDS), invalid);
    }

    @Test
    void validatedReader_byteOrderMark_sameAsGeneralPath() {
        Stats s = assertSameAsGeneralPath(spec(CSV, TEXT_FIELDS), utf8("\uFEFFs,r,i,d\na,b,1,1\nc,d,2,2\n"));
        assertThat(s.valid()).isEqualTo(2);
        assertSameAsGeneralPath(spec("{\"type\":\"csv\",\"header\":false,\"columns\":[\"s\",\"r\",\"i\",\"d\"]}",
                TEXT_FIELDS), utf8("\uFEFFa,b,1,1\nc,d,2,2\n"));
    }

    @Test
    void validatedReader_blankLines_sameAsGeneralPath() {
        Stats s = textFile(CSV, "\n\na,b,1,1\n\n\r\n \nc,d,2,2\n\n");
        assertThat(s.records()).isEqualTo(3);
    }

    @Test
    void validatedReader_wrongColumnCounts_sameAsGeneralPath() {
        Stats s = textFile(CSV, "a,b,1\na,b,1,1,1\na\n,,,\n,,,,\na,b,1,1,\n");
        assertThat(s.valid()).isZero();
    }

    @Test
    void validatedReader_textAfterClosingQuote_sameAsGeneralPath() {
        Stats s = textFile(CSV, "\"a\"b,x,1,1\n\"a\" ,x,1,1\nx,\"b\"\"c\"d,1,1\n\"a\"bc,x,1\nx,\"y\"z1,1\n");
        assertThat(s.valid()).isZero();
    }

    @Test
    void validatedReader_unterminatedQuote_sameAsGeneralPath() {
        textFile(CSV, "\"abc,x,1,1\nok,x,1,1\n\"a\"\",x,1,1\n");
        textFile(MULTILINE, "ok,x,1,1\n\"abc,x,1,1\nnext,y,2,2\n");
    }

    @Test
    void validatedReader_emptyFields_sameAsGeneralPath() {
        Stats s = textFile(CSV, ",x,,\n,,,\n\"\",\"\",\"\",\"\"\n , , , \n");
        assertThat(s.valid()).isEqualTo(2);
    }

    @Test
    void validatedReader_whitespaceAroundValues_sameAsGeneralPath() {
        assertSameAsGeneralPath(spec(CSV, TEXT_FIELDS + ",{\"name\":\"dt\",\"type\":\"date\"}",
                "{\"op\":\"trim\"}"), utf8("s,r,i,d,dt\n a , b , 12 , 1.50 , 2024-01-02 \n\ta\t,\tb,\t1,\t2.5\t,\t2024-01-02\n"
                        + "x,y,1 2,1 .5,2024 -01-02\n"));
    }

    // ---------------------------------------------------------------- typed values

    @Test
    void validatedReader_integerForms_sameAsGeneralPath() {
        DatasetSpec spec = spec(CSV, "{\"name\":\"i\",\"type\":\"integer\"},"
                + "{\"name\":\"b\",\"type\":\"integer\",\"min\":-5,\"max\":5},"
                + "{\"name\":\"f\",\"type\":\"integer\",\"min\":\"0.5\",\"max\":\"1e3\"}");
        StringBuilder sb = new StringBuilder("i,b,f\n");
        String[] forms = {"007", "+5", "-0", "+0", "0", "-12", "12", "00", "-", "+", "--1", "1-", "1.0", "1e3", " 5",
            "123456789012345678", "-12345678901234567", "1234567890123456789", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "99999999999999999999999",
            "-5", "-6", "5", "6", "+005", "-005", "1", "1000", "1001", "0x1F", "\u0661"};
        for (String x : forms) {
            for (String y : new String[] {"0", "5", "-5", "6", "-6", "+5", "-0", "05"}) {
                sb.append(x).append(',').append(y).append(',').append(x).append('\n');
            }
        }
        Stats s = assertSameAsGeneralPath(spec, utf8(sb.toString()));
        assertThat(s.rawRows()).isPositive();
    }

    @Test
    void validatedReader_decimalForms_sameAsGeneralPath() {
        DatasetSpec spec = spec(CSV, "{\"name\":\"d\",\"type\":\"decimal\"},"
                + "{\"name\":\"p\",\"type\":\"decimal\",\"min\":0},"
                + "{\"name\":\"b\",\"type\":\"decimal\",\"min\":\"-1.5\",\"max\":\"99.99\"},"
                + "{\"name\":\"n\",\"type\":\"decimal\",\"max\":0}");
        String[] forms = {"2064.43", "+1.5", "00.5", ".5", "5.", "-0.00", "-0", "0", "0.0", "0.0000001", "0.000001",
            "0.00000010", "0.0000010", "-0.000001", "1E5", "1e-7", "1.50", "-1.5", "-1.51", "99.99", "99.990",
            "99.991", "100", "-.5", "+.5", "1..5", "1.2.3", " 12 ", "123456789012345678", "1234567890123456789",
            "12345678901234567.8", "1234567890123456.78", "0.123456789012345678", "0.1234567890123456789",
            "-123456789012345678", "000000000000000001", "0000000000000000001", "10.00", "7", "-", "+", ".",
            "NaN", "Infinity", "1,5", "0.000000", "-0.0000001"};
        StringBuilder sb = new StringBuilder("d,p,b,n\n");
        for (String x : forms) {
            sb.append(x).append(',').append(x).append(',').append(x).append(',').append(x).append('\n');
            sb.append(x).append(",1,1,0\n");
        }
        Stats s = assertSameAsGeneralPath(spec, utf8(sb.toString()));
        assertThat(s.rawRows()).isPositive();
    }

    @Test
    void validatedReader_dates_sameAsGeneralPath() {
        DatasetSpec spec = spec(CSV, "{\"name\":\"iso\",\"type\":\"date\"},"
                + "{\"name\":\"ymd\",\"type\":\"date\",\"formats\":[\"yyyy-MM-dd\"]},"
                + "{\"name\":\"eu\",\"type\":\"date\",\"formats\":[\"dd/MM/yyyy\",\"iso\"]},"
                + "{\"name\":\"range\",\"type\":\"date\",\"min\":\"2000-01-01\",\"max\":\"2030-12-31\"},"
                + "{\"name\":\"ydm\",\"type\":\"date\",\"formats\":[\"yyyy-dd-MM\"]}");
        String[] forms = {"2024-02-29", "2023-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10",
            "2026-01-00", "0000-01-01", "9999-12-31", "2000-01-01", "1999-12-31", "2030-12-31", "2031-01-01",
            "31/12/2029", "2024-1-5", " 2024-01-05 ", "2024/01/05", "20240105", "+2024-01-05", "2024-01-05T00:00",
            "abcd-ef-gh", "2024-01-0a"};
        StringBuilder sb = new StringBuilder("iso,ymd,eu,range,ydm\n");
        for (String x : forms) {
            sb.append(x).append(',').append(x).append(',').append(x).append(',').append(x).append(',').append(x)
                    .append('\n');
            sb.append(x).append(',').append(x).append(",01/02/2024,2024-01-01,2024-31-12\n");
            sb.append("2024-01-01,2024-01-01,").append(x).append(",2024-01-01,").append(x).append('\n');
        }
        Stats s = assertSameAsGeneralPath(spec, utf8(sb.toString()));
        assertThat(s.rawRows()).isPositive();
    }

    @Test
    void validatedReader_enums_sameAsGeneralPath() {
        DatasetSpec spec = spec(CSV, "{\"name\":\"e\",\"type\":\"string\",\"enum\":[\"NEW\",\"PAID\",\"Caf\u00e9\"]},"
                + "{\"name\":\"c\",\"type\":\"string\",\"enum\":[\"EUR\",\"usd\",\"\u00c9t\u00e9\",\"\u212A\"],"
                + "\"ignoreCase\":true},{\"name\":\"z\",\"type\":\"string\"},"
                + "{\"name\":\"l\",\"type\":\"string\",\"enum\":[\"low\",\"x1\"]}",
                "{\"op\":\"case\",\"fields\":[\"c\"],\"to\":\"upper\"}");
        String[] forms = {"NEW", "new", "New", "PAID", "Caf\u00e9", "caf\u00e9", "Cafe", "EUR", "eur", "Eur", "USD",
            "usd", "uSd", "\u00c9t\u00e9", "\u00e9t\u00e9", "k", "K", "\u212A", "NEW ", " NEW", "\"NEW\"", "", "XXX",
            "low", "LOW", "Low", "x1", "X1"};
        StringBuilder sb = new StringBuilder("e,c,z,l\n");
        for (String x : forms) {
            for (String z : new String[] {"z", "back\\slash", "tab\t", "q\"q"}) {   // the last three: no raw text
                sb.append(x).append(',').append(x).append(',').append(z).append(',').append(x).append('\n');
                sb.append("NEW,").append(x).append(',').append(z).append(",low\n");
                sb.append("NEW,EUR,").append(z).append(',').append(x).append('\n');
            }
        }
        Stats s = assertSameAsGeneralPath(spec, utf8(sb.toString()));
        assertThat(s.rawRows()).isPositive();
    }

    @Test
    void validatedReader_patterns_sameAsGeneralPath() {
        DatasetSpec spec = spec(CSV, "{\"name\":\"id\",\"type\":\"string\",\"pattern\":\"^ORD-[0-9]{6}$\"},"
                + "{\"name\":\"mail\",\"type\":\"string\",\"pattern\":\"^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$\"},"
                + "{\"name\":\"any\",\"type\":\"string\",\"pattern\":\"[a-c]+\"},"
                + "{\"name\":\"opt\",\"type\":\"string\",\"pattern\":\"^x?y*\\\\d{0,2}$\"},"
                + "{\"name\":\"alt\",\"type\":\"string\",\"pattern\":\"^(ab|cd)+$\"},"
                + "{\"name\":\"dot\",\"type\":\"string\",\"pattern\":\"^.+$\"}");
        String[] ids = {"ORD-000001", "ORD-00001", "ord-000001", "ORD-0000011", " ORD-000001", "xORD-000001"};
        String[] mails = {"a@b.co", "a@@b.co", "a b@c.de", "a@b", "\"a\tb@c.d\"", "@b.c", "a@b.c."};
        String[] anys = {"a", "zzz", "zbz", "", "ABC"};
        String[] opts = {"", "x", "xy", "yyy", "xy12", "x123", "z"};
        String[] alts = {"ab", "abcd", "abc", "", "cdab"};
        String[] dots = {"a", "\"a\nb\"", "\"a\rb\"", "\"a\"\"b\"", " "};
        StringBuilder sb = new StringBuilder("id,mail,any,opt,alt,dot\n");
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 400; k++) {
            sb.append(ids[random.nextInt(ids.length)]).append(',').append(mails[random.nextInt(mails.length)])
                    .append(',').append(anys[random.nextInt(anys.length)]).append(',')
                    .append(opts[random.nextInt(opts.length)]).append(',').append(alts[random.nextInt(alts.length)])
                    .append(',').append(dots[random.nextInt(dots.length)]).append('\n');
        }
        assertSameAsGeneralPath(spec, utf8(sb.toString()));
        assertSameAsGeneralPath(spec(MULTILINE, "{\"name\":\"dot\",\"type\":\"string\",\"pattern\":\"^.+$\"},"
                + "{\"name\":\"end\",\"type\":\"string\",\"pattern\":\"^a$\"}"),
                utf8("dot,end\n\"a\nb\",\"a\n\"\n\"a\r\",\"a\r\n\"\nab,a\n"));
    }

    @Test
    void validatedReader_lengths_sameAsGeneralPath() {
        DatasetSpec spec = spec(CSV, "{\"name\":\"s\",\"type\":\"string\",\"minLength\":2,\"maxLength\":4},"
                + "{\"name\":\"n\",\"type\":\"string\",\"required\":true,\"minLength\":1}");
        Stats s = assertSameAsGeneralPath(spec, utf8("s,n\na,x\nab,x\nabcd,x\nabcde,x\n\u00e9\u00e9,x\n"
                + "\ud83d\ude00\ud83d\ude00,x\n\"a\"\"\",x\n,x\nab,\nab, \n"));
        assertThat(s.rawRows()).isPositive();
    }

    @Test
    void validatedReader_sensitiveBooleanTimestamp_sameAsGeneralPath() {
        DatasetSpec spec = spec(CSV, "{\"name\":\"secret\",\"type\":\"string\",\"sensitive\":true,"
                + "\"pattern\":\"^[0-9]{4}$\"},{\"name\":\"flag\",\"type\":\"boolean\"},"
                + "{\"name\":\"ts\",\"type\":\"timestamp\",\"formats\":[\"iso\",\"yyyy-MM-dd HH:mm:ss\",\"epochMillis\"],"
                + "\"zone\":\"Europe/Paris\"},{\"name\":\"amount\",\"type\":\"decimal\",\"sensitive\":true,\"min\":0}");
        assertSameAsGeneralPath(spec, utf8("secret,flag,ts,amount\n1234,true,2024-01-31T12:00:00Z,1.5\n"
                + "12x4,yes,2024-07-01 10:00:00,-1\n9999, N ,1700000000000,2.50\n0000,maybe,yesterday,x\n"
                + "1111,1,2024-01-31T12:00:00+02:00,0\n2222,FALSE,,\n"));
    }

    @Test
    void validatedReader_customRules_sameAsGeneralPath() {
        DatasetSpec spec = SpecOrders.withRule("io.sfnetl.etl.rules.testing.MaxTotalRule");
        Stats s = assertSameAsGeneralPath(spec, generatedOrders(5, 800, true));
        assertThat(s.rawRows()).as("custom rules disable the fast path").isZero();
    }

    @Test
    void validatedReader_escapeChar_sameAsGeneralPath() {
        assertSameAsGeneralPath(spec("{\"type\":\"csv\",\"header\":true,\"escape\":\"\\\\\"}", TEXT_FIELDS),
                utf8("s,r,i,d\n\"a\\\"b\",x,1,1\n\"a\\\\\",y,2,2\nplain,z,3,3\n\"a\"\"b\",x,4,4\na\\b,x,5,5\n"));
        assertSameAsGeneralPath(spec("{\"type\":\"csv\",\"header\":true,\"escape\":\"!\"}", TEXT_FIELDS),
                utf8("s,r,i,d\n\"a!\"b\",x,1,1\nplain,z,3,3\nwow!,x,4,4\n"));
    }

    @Test
    void validatedReader_singleQuoteAsQuote_sameAsGeneralPath() {
        Stats s = assertSameAsGeneralPath(spec("{\"type\":\"csv\",\"header\":true,\"quote\":\"'\"}", TEXT_FIELDS),
                utf8("s,r,i,d\n'a,b',x,1,1\na\"b,x\",2,2\n'say \"hi\"',y,3,3\n'it''s',z,4,4\n\"x\",\"\",5,5\n"));
        assertThat(s.valid()).isEqualTo(5);
    }

    @Test
    void validatedReader_isoAndWindowsEncodings_sameAsGeneralPath() {
        for (String charset : new String[] {"ISO-8859-1", "windows-1252", "US-ASCII"}) {
            DatasetSpec spec = spec("{\"type\":\"csv\",\"header\":true,\"encoding\":\"" + charset + "\"}",
                    TEXT_FIELDS + ",{\"name\":\"e\",\"type\":\"string\",\"enum\":[\"caf\u00e9\",\"tea\"]}",
                    "{\"op\":\"case\",\"to\":\"upper\"}");
            byte[] body = "s,r,i,d,e\ncaf\u00e9,x,1,1,caf\u00e9\nplain,y,2,2.5,tea\n\u20ac,z,3,3,tea\n"
                    .getBytes(Charset.forName("windows-1252"));
            byte[] withUndefined = java.util.Arrays.copyOf(body, body.length + 11);
            System.arraycopy(new byte[] {(byte) 0x81, ',', 'x', ',', '1', ',', '1', ',', 't', 'e', 'a'}, 0,
                    withUndefined, body.length, 11);
            Stats s = assertSameAsGeneralPath(spec, withUndefined);
            assertThat(s.rawRows()).as(charset).isPositive();
        }
    }

    @Test
    void validatedReader_columnsInOtherOrderAndUnusedColumn_sameAsGeneralPath() {
        Stats s = assertSameAsGeneralPath(spec(CSV, TEXT_FIELDS),
                utf8("d,extra,i,r,s\n1.5,zz,1,x,a\n2,\"q,q\",2,y,b\n,,,,\n"));
        assertThat(s.rawRows()).isEqualTo(2);
        assertSameAsGeneralPath(spec("{\"type\":\"csv\",\"header\":false,\"columns\":[\"x\",\"i\",\"s\",\"r\",\"d\"]}",
                TEXT_FIELDS), utf8("u,1,a,b,1.5\nv,2,c,d,2\n"));
        assertSameAsGeneralPath(spec(CSV, "{\"name\":\"renamed\",\"source\":\"i\",\"type\":\"integer\"},"
                + "{\"name\":\"i\",\"source\":\"s\",\"type\":\"string\"}"), utf8("s,i\nx,1\ny,2\n"));
    }

    @Test
    void validatedReader_headerProblems_failAlike() {
        assertSameAsGeneralPath(spec(CSV, TEXT_FIELDS), utf8("s,r,i\na,b,1\n"));
        assertSameAsGeneralPath(spec(CSV, TEXT_FIELDS), utf8(""));
        assertSameAsGeneralPath(spec(CSV, TEXT_FIELDS), utf8("s,r,i,d\n"));
    }

    @Test
    void validatedReader_jsonFormats_sameAsGeneralPath() {
        String lines = "{\"id\":1,\"name\":\"a\",\"address\":{\"city\":\"P\"}}\n{\"id\":\"x\"}\n\n{bad json\n"
                + "{\"id\":2.0,\"name\":[1]}\n{\"id\":3,\"secret\":\"s\"}\n";
        Stats s = assertSameAsGeneralPath(TestSpecs.spec("jsonl-basic.json"), utf8(lines));
        assertThat(s.records()).isEqualTo(5);
        Stats array = assertSameAsGeneralPath(TestSpecs.spec("json-array.json"),
                utf8("[{\"id\":1,\"name\":\"a\"},{\"id\":\"x\"},{\"id\":3,\"address\":{\"city\":\"Q\"}}]"));
        assertThat(array.records()).isEqualTo(3);
        assertThat(array.valid()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- transforms

    @Test
    void validatedReader_trimAndCaseTransforms_sameStagingBytes() {
        DatasetSpec spec = spec(CSV, TEXT_FIELDS + ",{\"name\":\"u\",\"type\":\"string\"},{\"name\":\"l\",\"type\":\"string\"}",
                "{\"op\":\"trim\",\"fields\":[\"s\",\"u\"]},{\"op\":\"case\",\"fields\":[\"u\"],\"to\":\"upper\"},"
                        + "{\"op\":\"case\",\"fields\":[\"l\",\"s\"],\"to\":\"lower\"},{\"op\":\"trim\"}");
        StringBuilder sb = new StringBuilder("s,r,i,d,u,l\n");
        String[] texts = {" Ab ", "\tAb\t", "aB", "  ", "\u001CAb\u001F", "\u001Dx\u001E", "\u000Bq\f", "x\u007F",
            "Jos\u00e9 ", " \u00c9t\u00e9", "a\"b", "\"q,Q\"", "[{}]@^_`~", "\u00a0nb\u00a0", "\u2003em\u2003"};
        for (String a : texts) {
            for (String b : texts) {
                sb.append(a).append(",r,1,1,").append(b).append(',').append(a).append('\n');
            }
        }
        for (int c = 32; c < 127; c++) {
            String ch = c == ',' ? "\",\"" : c == '"' ? "\"\"\"\"" : String.valueOf((char) c);
            sb.append(' ').append(ch).append(" ,r,1,1,").append(ch).append('x').append(ch).append(',').append(ch)
                    .append('\n');
        }
        Stats s = assertSameAsGeneralPath(spec, utf8(sb.toString()));
        assertThat(s.rawRows()).isPositive();
    }

    @Test
    void validatedReader_renameDefaultDeriveCastDropKey_sameStagingBytes() {
        DatasetSpec spec = TestSpecs.parse("""
                {"dataset":"edge","format":{"type":"csv","header":true},
                 "fields":[{"name":"id","type":"integer","required":true},{"name":"name","type":"string"},
                           {"name":"amount","type":"decimal"},{"name":"qty","type":"integer"},
                           {"name":"code","type":"string"},{"name":"day","type":"date"},{"name":"gone","type":"string"}],
                 "transforms":[
                   {"op":"trim"},
                   {"op":"rename","field":"name","to":"full_name"},
                   {"op":"default","field":"code","value":"none"},
                   {"op":"default","field":"qty","value":1},
                   {"op":"derive","field":"total","expression":"amount * qty","type":"decimal","scale":2},
                   {"op":"derive","field":"label","expression":"full_name & '/' & code"},
                   {"op":"cast","field":"id","to":"string"},
                   {"op":"cast","field":"amount","to":"string"},
                   {"op":"cast","field":"qty","to":"decimal"},
                   {"op":"case","fields":["code"],"to":"upper"},
                   {"op":"drop","fields":["gone"]}],
                 "target":{"table":"edge","partitionKey":{"name":"pk","template":"{id}#{code}"},
                           "sortKey":{"name":"sk","template":"{day}"}}}""");
        StringBuilder sb = new StringBuilder("id,name,amount,qty,code,day,gone\n");
        SplittableRandom random = new SplittableRandom(11);
        String[] names = {"ann", " Bob ", "", "\"c, d\"", "\u00e9l\u00e8ve"};
        String[] amounts = {"1.5", "2064.43", "", "-0.00", "0.0000001", "+3", "1E5", "007.10", "12"};
        String[] qtys = {"1", "", "+2", "007", "-0", "3"};
        String[] codes = {"ab", "", " x ", "Zz", "   "};
        String[] days = {"2024-01-05", "", "2024-02-30"};
        for (int k = 0; k < 600; k++) {
            sb.append(k % 97 == 0 ? "" : Integer.toString(k)).append(',').append(names[random.nextInt(names.length)])
                    .append(',').append(amounts[random.nextInt(amounts.length)]).append(',')
                    .append(qtys[random.nextInt(qtys.length)]).append(',').append(codes[random.nextInt(codes.length)])
                    .append(',').append(days[random.nextInt(days.length)]).append(",g\n");
        }
        Stats s = assertSameAsGeneralPath(spec, utf8(sb.toString()));
        assertThat(s.rawRows()).isPositive();
    }

    @Test
    void validatedReader_caseOfOneOfTwoFieldsReadingOneColumn_otherFieldUnchanged() {
        DatasetSpec spec = spec(CSV, "{\"name\":\"a\",\"source\":\"c\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"source\":\"c\",\"type\":\"string\"},"
                + "{\"name\":\"u\",\"source\":\"c\",\"type\":\"string\"},{\"name\":\"x\",\"type\":\"integer\"}",
                "{\"op\":\"case\",\"fields\":[\"a\"],\"to\":\"upper\"},{\"op\":\"trim\",\"fields\":[\"b\"]},"
                        + "{\"op\":\"case\",\"fields\":[\"u\"],\"to\":\"lower\"}");
        Stats s = assertSameAsGeneralPath(spec, utf8("c,x\n Mixed Case ,1\nabc,2\n"));

        assertThat(s.rawRows()).as("the fast path ran").isEqualTo(2);
    }

    @Test
    void validatedReader_refusedRecordsWithFieldsReadingOneQuotedColumn_sameReasonsAsGeneralPath() {
        // two fields read one column; the fast path refuses these records and takes their reasons from the split
        // fields (doubled quotes undone, each field's own check, required empties), not from the general path
        DatasetSpec spec = spec(CSV, "{\"name\":\"a\",\"source\":\"c\",\"type\":\"string\",\"maxLength\":3},"
                + "{\"name\":\"n\",\"source\":\"c\",\"type\":\"integer\",\"required\":true},"
                + "{\"name\":\"d\",\"type\":\"decimal\",\"max\":5},"
                + "{\"name\":\"r\",\"type\":\"string\",\"required\":true}");
        Stats s = assertSameAsGeneralPath(spec, utf8("c,d,r\n\"a\"\"bcd\",6,\"\"\n\"1\"\"2\",1.5,x\n"
                + "\"\"\"\"\"\",\"7\"\"\",\"y\"\"\"\n12345,5.01,\n\"\",\"\",\"\"\n,0.5,\" \"\n"
                + "\"12\",\"1234567890.123\",\"z\"\"\"\n"));

        assertThat(s.records()).isEqualTo(7);
        assertThat(s.valid()).isZero();
    }

    @Test
    void validatedReader_castsOfRawValues_sameStagingBytes() {
        DatasetSpec spec = spec(CSV, "{\"name\":\"i\",\"type\":\"integer\"},{\"name\":\"d\",\"type\":\"decimal\"},"
                + "{\"name\":\"s\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"integer\"}",
                "{\"op\":\"cast\",\"field\":\"i\",\"to\":\"integer\"},{\"op\":\"cast\",\"field\":\"d\",\"to\":\"integer\"},"
                        + "{\"op\":\"cast\",\"field\":\"s\",\"to\":\"decimal\"},{\"op\":\"cast\",\"field\":\"b\",\"to\":\"boolean\"}");
        assertSameAsGeneralPath(spec, utf8("i,d,s,b\n5,5.0,1.50,1\n127,2,7,0\n128,1.5,x,2\n-0,0.00,-0,-1\n"
                + "1000,10,1E2,\n"));
    }

    /** A spec of {@code fields} and {@code transforms} with the given partition key name and template. */
    private static DatasetSpec keyed(String fields, String transforms, String pkName, String pkTemplate) {
        return TestSpecs.parse("{\"dataset\":\"edge\",\"format\":" + CSV + ",\"fields\":[" + fields
                + "],\"transforms\":[" + transforms + "],\"target\":{\"table\":\"edge\",\"partitionKey\":"
                + "{\"name\":\"" + pkName + "\",\"template\":\"" + pkTemplate + "\"}}}");
    }

    private static final String KEY_FIELDS = "{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"n\",\"type\":\"integer\"},{\"name\":\"other\",\"type\":\"string\"}";
    private static final String KEY_ROWS = "id,n,other\nabc,1,x\n,2,y\n  pad  ,3,z\nMiXed,-4,\nq\"q,5,w\n\"a,b\",6,v\n"
            + "caf\u00e9,7,u\n\"\",8,t\n \t ,9,s\n";

    @Test
    void transform_partitionKeyOwnRawText_sameItemBytesAsGeneralPath() {
        Stats s = assertSameAsGeneralPath(keyed(KEY_FIELDS, "", "id", "{id}"), utf8(KEY_ROWS));
        assertThat(s.rawRows()).isPositive();
        assertSameAsGeneralPath(keyed(KEY_FIELDS, "{\"op\":\"trim\"},{\"op\":\"case\",\"fields\":[\"id\"],"
                + "\"to\":\"upper\"}", "id", "{id}"), utf8(KEY_ROWS));
        assertSameAsGeneralPath(keyed(KEY_FIELDS, "{\"op\":\"case\",\"fields\":[\"id\"],\"to\":\"lower\"},"
                + "{\"op\":\"default\",\"field\":\"id\",\"value\":\"none\"}", "id", "{id}"), utf8(KEY_ROWS));
    }

    @Test
    void transform_partitionKeyOwnNumberField_becomesStringAsGeneralPath() {
        DatasetSpec spec = keyed(KEY_FIELDS, "", "n", "{n}");
        Stats s = assertSameAsGeneralPath(spec, utf8(KEY_ROWS + "z,,r\n"));
        assertThat(s.rawRows()).isPositive();
        try (ValidatedReader r = ValidatedReader.open(RowValidator.of(spec), spec,
                new ByteArrayInputStream(utf8("id,n,other\nabc,12,x\n")), ReadRange.whole())) {
            assertThat(r.next()).isTrue();
            Transformed t = RowTransformer.of(spec).transform(r.valid());
            assertThat(t).isInstanceOf(Transformed.Ok.class);
            assertThat(((Transformed.Ok) t).item().get("n").textValue()).isEqualTo("12");
        }
    }

    @Test
    void transform_partitionKeyOwnFieldAbsent_failsWithSameReason() {
        DatasetSpec spec = keyed(KEY_FIELDS, "", "id", "{id}");
        RowTransformer transformer = RowTransformer.of(spec);
        Stats s = assertSameAsGeneralPath(spec, utf8("id,n,other\n,1,x\nk,2,y\n"));
        assertThat(s.valid()).isEqualTo(2);
        try (ValidatedReader r = ValidatedReader.open(RowValidator.of(spec), spec,
                new ByteArrayInputStream(utf8("id,n,other\n,1,x\nk,2,y\n")), ReadRange.whole())) {
            assertThat(r.next()).isTrue();
            Transformed absent = transformer.transform(r.valid());
            assertThat(absent).isInstanceOf(Transformed.Failed.class);
            assertThat(((Transformed.Failed) absent).reasons()).singleElement().asString()
                    .contains("target key", "'id'", "missing");
            assertThat(r.next()).isTrue();
            Row row = r.valid();
            int id = row.layout().slot("id");
            assertThat(row.rawKind(id)).isEqualTo(Row.RAW_TEXT);
            Transformed t = transformer.transform(row);
            assertThat(t).isInstanceOf(Transformed.Ok.class);
            assertThat(row.rawKind(id)).as("the key's raw text left in place").isEqualTo(Row.RAW_TEXT);
            assertThat(((Transformed.Ok) t).item().toString()).isEqualTo("{\"id\":\"k\",\"n\":2,\"other\":\"y\"}");
        }
    }

    @Test
    void transform_partitionKeyOwnFieldRenamed_sameItemBytesAsGeneralPath() {
        String fields = "{\"name\":\"src\",\"type\":\"string\"},{\"name\":\"n\",\"type\":\"integer\"},"
                + "{\"name\":\"other\",\"type\":\"string\"}";
        String rows = "src,n,other\nabc,1,x\n,2,y\n Pad ,3,z\n";
        assertSameAsGeneralPath(keyed(fields, "{\"op\":\"rename\",\"field\":\"src\",\"to\":\"id\"}", "id", "{id}"),
                utf8(rows));
        assertSameAsGeneralPath(keyed(fields, "{\"op\":\"rename\",\"field\":\"src\",\"to\":\"id\"},"
                + "{\"op\":\"case\",\"fields\":[\"id\"],\"to\":\"upper\"}", "id", "{id}"), utf8(rows));
        assertSameAsGeneralPath(keyed(fields, "{\"op\":\"rename\",\"field\":\"n\",\"to\":\"id\"}", "id", "{id}"),
                utf8(rows + "x,,w\n"));
        assertSameAsGeneralPath(keyed(fields, "{\"op\":\"trim\"},{\"op\":\"rename\",\"field\":\"src\",\"to\":\"id\"},"
                + "{\"op\":\"case\",\"fields\":[\"id\"],\"to\":\"lower\"}", "id", "{id}"), utf8(rows));
    }

    @Test
    void transform_deriveWithScaleOnRawNumbers_sameStagingBytes() {
        StringBuilder derives = new StringBuilder();
        String[] ops = {"*", "+", "-", "/"};
        int k = 0;
        for (String op : ops) {
            for (String[] operands : new String[][] {{"a", "b"}, {"a", "c"}, {"b", "b"}, {"c", "a"}}) {
                for (int scale : new int[] {0, 2, 5}) {
                    derives.append(k == 0 ? "" : ",").append("{\"op\":\"derive\",\"field\":\"r").append(k++)
                            .append("\",\"expression\":\"").append(operands[0]).append(' ').append(op).append(' ')
                            .append(operands[1]).append("\",\"type\":\"decimal\",\"scale\":").append(scale).append('}');
                }
            }
        }
        DatasetSpec spec = spec(CSV, "{\"name\":\"a\",\"type\":\"decimal\"},{\"name\":\"b\",\"type\":\"integer\"},"
                + "{\"name\":\"c\",\"type\":\"decimal\"}", derives.toString());
        SplittableRandom r = new SplittableRandom(31);
        StringBuilder sb = new StringBuilder("a,b,c\n");
        String[] fixed = {"0.125", "0.135", "-0.125", "0", "0.00", "1", "-1", "999999999999999999", "-999999999999999",
            "99999999.9999999", "0.000001", "0.0000010", "2.5", "12345678901234.5"};
        for (int i = 0; i < 700; i++) {
            String[] row = new String[3];
            for (int c = 0; c < 3; c++) {
                if (r.nextInt(4) == 0) {
                    row[c] = fixed[r.nextInt(fixed.length)];
                } else {
                    row[c] = randomNumber(r, c != 1);
                }
            }
            sb.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append('\n');
        }
        Stats s = assertSameAsGeneralPath(spec, utf8(sb.toString()));
        assertThat(s.rawRows()).isGreaterThan(200);
    }

    // ---------------------------------------------------------------- random records

    private static final String[] ALPHABET = {",", ",", ",", "\"", "\"", "\\", "\t", "\r", "\n", " ", " ", "0", "1",
        "5", "9", ".", "-", "+", "a", "A", "z", "\u00e9", "E", "\u001F", "'", "e", "x", "Q"};

    /** A value for column {@code c} of {@link #RANDOM_FIELDS}: mostly of its type (valid or nearly), else anything. */
    private static String randomValue(SplittableRandom r, int c) {
        if (r.nextInt(5) == 0) {
            return randomValue(r);
        }
        return switch (c) {
            case 1, 2 -> randomNumber(r, c == 2);
            case 3 -> randomDate(r);
            case 4 -> randomWord(r);
            default -> {
                StringBuilder sb = new StringBuilder();
                int n = r.nextInt(7);
                String letters = c == 5 ? "aZ09 .-" : "aBz 9-.";
                for (int i = 0; i < n; i++) {
                    sb.append(letters.charAt(r.nextInt(letters.length())));
                }
                yield sb.toString();
            }
        };
    }

    private static String randomNumber(SplittableRandom r, boolean point) {
        StringBuilder sb = new StringBuilder(r.nextInt(3) == 0 ? "-" : r.nextInt(8) == 0 ? "+" : "");
        int digits = 1 + r.nextInt(r.nextInt(10) == 0 ? 22 : 6);
        for (int i = 0; i < digits; i++) {
            sb.append((char) ('0' + (i == 0 && r.nextInt(3) > 0 ? 1 + r.nextInt(9) : r.nextInt(10))));
        }
        if (point && r.nextBoolean()) {
            sb.insert(Math.max(sb.length() - r.nextInt(8), 0), '.');
        }
        return r.nextInt(10) == 0 ? " " + sb + " " : sb.toString();
    }

    private static String randomDate(SplittableRandom r) {
        return String.format("%04d-%02d-%02d", 1990 + r.nextInt(50), r.nextInt(14), r.nextInt(33));
    }

    private static String randomWord(SplittableRandom r) {
        String[] words = {"NEW", "new", "Paid", "x", "ab", "AB", "\"NEW\"", "PAID"};
        return words[r.nextInt(words.length)];
    }

    private static String randomValue(SplittableRandom r) {
        switch (r.nextInt(8)) {
            case 0 -> {
                return "";
            }
            case 1 -> {
                return randomNumber(r, true);
            }
            case 2 -> {
                return randomDate(r);
            }
            case 3 -> {
                return randomWord(r);
            }
            default -> {
                StringBuilder sb = new StringBuilder();
                int n = r.nextInt(9);
                for (int i = 0; i < n; i++) {
                    sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
                }
                return sb.toString();
            }
        }
    }

    private static byte[] randomFile(long seed, int records, int columns) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("s,i,d,dt,e,p,t\n");
        for (int k = 0; k < records; k++) {
            int n = r.nextInt(20) == 0 ? columns + r.nextInt(3) - 1 : columns;
            for (int c = 0; c < n; c++) {
                if (c > 0) {
                    sb.append(',');
                }
                String v = randomValue(r, c);
                if (r.nextInt(6) == 0) {
                    sb.append('"').append(v.replace("\"", r.nextInt(10) == 0 ? "\"" : "\"\"")).append('"');
                } else if (r.nextInt(4) == 0) {
                    sb.append(v);   // raw, may break the record: both paths must agree anyway
                } else {
                    sb.append(v.replace(",", "").replace("\"", "").replace("\n", "").replace("\r", ""));
                }
            }
            sb.append(r.nextInt(8) == 0 ? "\r\n" : "\n");
        }
        return utf8(sb.toString());
    }

    private static final String RANDOM_FIELDS = "{\"name\":\"s\",\"type\":\"string\",\"maxLength\":6},"
            + "{\"name\":\"i\",\"type\":\"integer\",\"min\":-50000,\"max\":999999},"
            + "{\"name\":\"d\",\"type\":\"decimal\"},{\"name\":\"dt\",\"type\":\"date\"},"
            + "{\"name\":\"e\",\"type\":\"string\",\"enum\":[\"NEW\",\"PAID\"],\"ignoreCase\":true},"
            + "{\"name\":\"p\",\"type\":\"string\",\"pattern\":\"^[a-zA-Z0-9 .-]*$\"},"
            + "{\"name\":\"t\",\"type\":\"string\"}";

    @Test
    void validatedReader_randomRecords_sameAsGeneralPath() {
        String transforms = "{\"op\":\"trim\",\"fields\":[\"s\",\"t\"]},{\"op\":\"case\",\"fields\":[\"t\",\"e\"],"
                + "\"to\":\"upper\"},{\"op\":\"case\",\"fields\":[\"p\"],\"to\":\"lower\"}";
        Stats total = new Stats(0, 0, 0, 0);
        for (long seed = 1; seed <= 4; seed++) {
            total = total.plus(assertSameAsGeneralPath(spec(CSV, RANDOM_FIELDS, transforms), randomFile(seed, 1500, 7)));
            total = total.plus(assertSameAsGeneralPath(spec(MULTILINE, RANDOM_FIELDS, transforms),
                    randomFile(100 + seed, 600, 7)));
        }
        assertThat(total.valid()).isGreaterThan(1000);
        assertThat(total.rawRows()).isGreaterThan(1000);
        assertThat(total.records() - total.valid()).isGreaterThan(200);
    }
}
