package io.sfnetl.etl.read;

import static io.sfnetl.etl.testing.Records.read;
import static io.sfnetl.etl.testing.Records.readAll;
import static io.sfnetl.etl.testing.TestSpecs.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.testing.TestSpecs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    private static final DatasetSpec MULTILINE = TestSpecs.spec("csv-multiline.json");
    private static final DatasetSpec BASIC = TestSpecs.spec("csv-basic.json");

    @Test
    void read_multilineCrlfFile_givesEveryRecordWithExactOffsetsAndLines() {
        byte[] data = resource("/data/multiline.csv");
        List<SourceRecord> records = readAll(MULTILINE, data);

        assertThat(records).extracting(SourceRecord::parseError).containsOnlyNulls();
        assertThat(records).extracting(r -> r.csvValues().get("id")).containsExactly("1", "2", "3", "4", "5");
        assertThat(records).extracting(SourceRecord::line).containsExactly(2L, 3L, 6L, 7L, 10L);
        assertThat(records.get(0).csvValues().get("note")).isEqualTo("hello, world");
        assertThat(records.get(1).csvValues().get("note")).isEqualTo("two\r\nlines");
        assertThat(records.get(2).csvValues().get("name")).isEqualTo("Cé \"quoted\"");
        assertThat(records.get(2).csvValues().get("note")).isEmpty();
        assertThat(records.get(3).csvValues().get("note")).isEqualTo("three\nline\nnote");
        assertThat(records.get(4).csvValues()).containsEntry("email", "").containsEntry("note", "last");
        for (SourceRecord r : records) {
            String atOffset = new String(data, (int) r.offset(), r.raw().getBytes(StandardCharsets.UTF_8).length,
                    StandardCharsets.UTF_8);
            assertThat(atOffset).isEqualTo(r.raw());
        }
        assertThat(records.get(0).offset()).isEqualTo(20);
        assertThat(records.get(4).nextOffset()).isEqualTo(data.length);
    }

    @Test
    void read_utf8BomAndLf_skipsBomAndBlankLines() {
        byte[] data = resource("/data/simple-bom.csv");
        List<SourceRecord> records = readAll(BASIC, data);

        assertThat(records).extracting(r -> r.csvValues().get("name")).containsExactly("Ann", "Bob", "Cy", "Dee");
        assertThat(records.get(0).offset()).isEqualTo(3 + "id,name,email,note\n".length());
        assertThat(records.get(1).csvValues().get("note")).isEqualTo("a, b");
        assertThat(records).extracting(SourceRecord::line).containsExactly(2L, 3L, 5L, 6L);
    }

    @Test
    void read_declaredColumnsSemicolonSingleQuote_parsesDialect() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json", t -> {
            TestSpecs.format(t).put("header", false).put("delimiter", ";").put("quote", "'");
            ArrayNode cols = TestSpecs.format(t).putArray("columns");
            cols.add("id").add("name").add("email").add("note");
        });
        List<SourceRecord> records = readAll(spec, "1;'O''Hara; Jr';x@y.z;'a \"b\"'\n2;Li;;\n");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).csvValues()).isEqualTo(
                Map.of("id", "1", "name", "O'Hara; Jr", "email", "x@y.z", "note", "a \"b\""));
        assertThat(records.get(0).line()).isEqualTo(1);
    }

    @Test
    void read_escapeCharacter_unescapesInsideQuotes() {
        DatasetSpec spec = TestSpecs.spec("csv-multiline.json", t -> TestSpecs.format(t).put("escape", "\\"));
        List<SourceRecord> records = readAll(spec, "id,name,email,note\n1,\"a\\\"b\",,\"c\\\\\"\n");

        assertThat(records.get(0).parseError()).isNull();
        assertThat(records.get(0).csvValues()).containsEntry("name", "a\"b").containsEntry("note", "c\\");
    }

    @Test
    void read_iso88591_decodesSingleBytes() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json", t -> TestSpecs.format(t).put("encoding", "ISO-8859-1"));
        byte[] data = "id,name,email,note\n1,Jos\u00e9,,\u00a7\n".getBytes(StandardCharsets.ISO_8859_1);

        List<SourceRecord> records = readAll(spec, data);

        assertThat(records.get(0).csvValues()).containsEntry("name", "José").containsEntry("note", "§");
        assertThat(records.get(0).nextOffset()).isEqualTo(data.length);
    }

    @Test
    void read_windows1252_decodesEuroSign() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json", t -> TestSpecs.format(t).put("encoding", "windows-1252"));
        byte[] data = "id,name,email,note\n1,\u20ac,,\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));

        assertThat(readAll(spec, data).get(0).csvValues()).containsEntry("name", "€");
    }

    @Test
    void read_gzipWrappedByCaller_offsetsAreUncompressed() throws IOException {
        byte[] data = resource("/data/multiline.csv");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(data);
        }
        List<SourceRecord> records;
        try (RecordReader r = RecordReaders.open(MULTILINE,
                new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray())), ReadRange.whole())) {
            records = new java.util.ArrayList<>();
            for (SourceRecord rec = r.next(); rec != null; rec = r.next()) {
                records.add(rec);
            }
        }
        assertThat(records).extracting(SourceRecord::offset)
                .containsExactlyElementsOf(readAll(MULTILINE, data).stream().map(SourceRecord::offset).toList());
        assertThat(RecordReaders.requiresSequentialScan(BASIC, "in/orders.csv.gz")).isTrue();
    }

    @Test
    void requiresSequentialScan_byFormat_trueForMultilineCsvAndJsonArraysOnly() {
        assertThat(RecordReaders.requiresSequentialScan(BASIC, "a.csv")).isFalse();
        assertThat(RecordReaders.requiresSequentialScan(MULTILINE, "a.csv")).isTrue();
        assertThat(RecordReaders.requiresSequentialScan(TestSpecs.spec("jsonl-basic.json"), "a.jsonl")).isFalse();
        assertThat(RecordReaders.requiresSequentialScan(TestSpecs.spec("json-array.json"), "a.json")).isTrue();
    }

    @Test
    void readHeader_objectStart_returnsColumns() {
        List<String> header = RecordReaders.readHeader(BASIC, new ByteArrayInputStream(resource("/data/simple-bom.csv")));

        assertThat(header).containsExactly("id", "name", "email", "note");
    }

    @Test
    void read_rangeAfterStartWithHeader_usesGivenHeader() {
        byte[] data = resource("/data/simple-bom.csv");
        List<SourceRecord> all = readAll(BASIC, data);
        long start = all.get(2).offset();

        List<SourceRecord> tail = read(BASIC, data, new ReadRange(start, data.length, true, 5,
                List.of("id", "name", "email", "note")));

        assertThat(tail).extracting(r -> r.csvValues().get("name")).containsExactly("Cy", "Dee");
        assertThat(tail).extracting(SourceRecord::line).containsExactly(5L, 6L);
    }

    @Test
    void open_rangeAfterStartWithoutHeader_failsWithHowToFix() {
        byte[] data = resource("/data/simple-bom.csv");

        assertThatThrownBy(() -> read(BASIC, data, new ReadRange(30, data.length, false, -1, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs ReadRange.header");
    }

    @Test
    void open_headerLacksFieldColumn_failsWithInvalidInput() {
        assertThatThrownBy(() -> readAll(BASIC, "id,name,mail,note\n1,a,b,c\n"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("no column 'email'");
    }
}
