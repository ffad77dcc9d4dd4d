package io.sfnetl.etl.read;

import static io.sfnetl.etl.testing.Records.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.rules.RowValidator;
import io.sfnetl.etl.rules.Validation;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.testing.TestSpecs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kinds of bad input, each giving a reject reason (a malformed record, never an exception) or a named error.
 * Together with the invalid-spec cases of SpecParserTest and the rule cases of RowValidatorTest.
 */
class BadInputTest {
    private static final DatasetSpec CSV = TestSpecs.spec("csv-basic.json");
    private static final DatasetSpec MULTI = TestSpecs.spec("csv-multiline.json");
    private static final DatasetSpec JSONL = TestSpecs.spec("jsonl-basic.json");
    private static final DatasetSpec ARRAY = TestSpecs.spec("json-array.json");
    private static final String HEADER = "id,name,email,note\n";

    private static String onlyError(DatasetSpec spec, String data) {
        return onlyError(spec, data.getBytes(StandardCharsets.UTF_8));
    }

    private static String onlyError(DatasetSpec spec, byte[] data) {
        List<SourceRecord> records = readAll(spec, data);
        assertThat(records).as("records of %s", new String(data, StandardCharsets.UTF_8)).hasSize(1);
        assertThat(records.get(0).parseError()).isNotNull();
        return records.get(0).parseError();
    }

    private static List<String> reasons(DatasetSpec spec, String data) {
        List<SourceRecord> records = readAll(spec, data);
        assertThat(records).hasSize(1);
        Validation v = RowValidator.of(spec).validate(records.get(0));
        assertThat(v).isInstanceOf(Validation.Invalid.class);
        return ((Validation.Invalid) v).reasons();
    }

    @Test
    void csv_unterminatedQuote_rejected() {
        assertThat(onlyError(CSV, HEADER + "1,\"Ann,a@b.c,x\n")).contains("unterminated quoted field");
    }

    @Test
    void csv_textAfterClosingQuote_rejected() {
        assertThat(onlyError(CSV, HEADER + "1,\"Ann\"x,a@b.c,x\n")).contains("unexpected character 'x' after the closing quote");
    }

    @Test
    void csv_tooFewColumns_rejected() {
        assertThat(onlyError(CSV, HEADER + "1,Ann,a@b.c\n")).isEqualTo(
                "expected 4 columns but found 3 (check format.delimiter and quoting)");
    }

    @Test
    void csv_tooManyColumns_rejected() {
        assertThat(onlyError(CSV, HEADER + "1,Ann,a@b.c,x,y\n")).contains("expected 4 columns but found 5");
    }

    @Test
    void csv_invalidUtf8Bytes_rejectedWithOffset() {
        byte[] data = (HEADER + "1,Ann,a@b.c,x\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = Arrays.copyOf(data, data.length + 6);
        System.arraycopy(new byte[] {'2', ',', (byte) 0xC3, (byte) 0x28, ',', ','}, 0, bad, data.length, 6);
        List<SourceRecord> records = readAll(CSV, bad);

        assertThat(records).hasSize(2);
        assertThat(records.get(0).parseError()).isNull();
        assertThat(records.get(1).parseError()).contains("bytes are not valid UTF-8 at byte 2 of the record (0xC3)");
    }

    @Test
    void csv_asciiEncodingWithHighBytes_rejected() {
        DatasetSpec ascii = TestSpecs.spec("csv-basic.json", t -> TestSpecs.format(t).put("encoding", "US-ASCII"));
        byte[] data = (HEADER + "1,Jos\u00e9,,\n").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(onlyError(ascii, data)).contains("bytes are not valid US-ASCII");
    }

    @Test
    void csv_emptyFile_noRecordsAndHeaderReadFails() {
        assertThat(readAll(CSV, "")).isEmpty();
        assertThatThrownBy(() -> RecordReaders.readHeader(CSV, new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void csv_headerOnly_noRecords() {
        assertThat(readAll(CSV, HEADER)).isEmpty();
        assertThat(readAll(CSV, "id,name,email,note")).isEmpty();
    }

    @Test
    void csv_malformedHeader_failsWithInvalidInput() {
        assertThatThrownBy(() -> readAll(CSV, "id,\"name,email,note\n1,2,3,4\n"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("header of dataset people is malformed");
    }

    @Test
    void csv_duplicateHeaderColumn_failsWithInvalidInput() {
        assertThatThrownBy(() -> readAll(CSV, "id,name,email,note,name\n"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("names column 'name' twice");
    }

    @Test
    void csv_hugeRecord_rejectedAndNextRecordStillRead() {
        String huge = "x".repeat(RecordReaders.MAX_RECORD_BYTES + 10);
        List<SourceRecord> records = readAll(CSV, HEADER + "1,Ann,," + huge + "\n2,Bob,,\n");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).parseError()).contains("record longer than 1048576 bytes");
        assertThat(records.get(0).raw()).hasSizeLessThan(2000);
        assertThat(records.get(1).csvValues()).containsEntry("name", "Bob");
        assertThat(records.get(1).offset()).isEqualTo(HEADER.length() + "1,Ann,,".length() + huge.length() + 1);
    }

    @Test
    void csv_multilineUnclosedQuote_rejectedAsOneLongRecordAtMost() {
        List<SourceRecord> records = readAll(MULTI, HEADER + "1,Ann,,\"open\n2,Bob,,\n");

        assertThat(records).hasSize(1);
        assertThat(records.get(0).parseError()).contains("unterminated quoted field");
    }

    @Test
    void csv_badNumber_rejectReason() {
        assertThat(reasons(CSV, HEADER + "abc,Ann,,\n")).containsExactly("field 'id': 'abc' is not an integer");
    }

    @Test
    void csv_missingRequired_rejectReason() {
        assertThat(reasons(CSV, HEADER + "1,,,\n")).containsExactly("field 'name': is required but empty");
    }

    @Test
    void jsonl_invalidJsonLine_rejected() {
        assertThat(onlyError(JSONL, "{\"id\":1,}\n")).startsWith("invalid JSON:");
    }

    @Test
    void jsonl_trailingGarbage_rejected() {
        assertThat(onlyError(JSONL, "{\"id\":1} x\n")).startsWith("invalid JSON:");
    }

    @Test
    void jsonl_nonObjectLine_rejected() {
        assertThat(onlyError(JSONL, "[1,2]\n")).isEqualTo("the line is an array, not a JSON object");
    }

    @Test
    void jsonl_invalidUtf8_rejected() {
        byte[] data = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xFF, '"', '}', '\n'};

        assertThat(onlyError(JSONL, data)).contains("not valid UTF-8");
    }

    @Test
    void jsonl_wrongTypeValue_rejectReason() {
        assertThat(reasons(JSONL, "{\"id\":true}\n")).containsExactly("field 'id': 'true' is not an integer");
    }

    @Test
    void jsonArray_truncated_rejectedAfterGoodElements() {
        List<SourceRecord> records = readAll(ARRAY, "[{\"id\":1},{\"id\":2,\"na");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).parseError()).isNull();
        assertThat(records.get(1).offset()).isEqualTo(10);
        assertThat(records.get(1).parseError()).contains("invalid JSON").contains("end-of-input");
    }

    @Test
    void jsonArray_missingClosingBracket_rejected() {
        List<SourceRecord> records = readAll(ARRAY, "[{\"id\":1}");

        assertThat(records).hasSize(2);
        assertThat(records.get(1).parseError()).contains("invalid JSON");
    }

    @Test
    void jsonArray_nonObjectElement_rejectedAndNextRead() {
        List<SourceRecord> records = readAll(ARRAY, "[{\"id\":1}, 42, \"s\", {\"id\":2}]");

        assertThat(records).extracting(SourceRecord::parseError).containsExactly(null,
                "the array element is a number, not a JSON object", "the array element is a string, not a JSON object",
                null);
    }

    @Test
    void jsonArray_notAnArray_rejected() {
        assertThat(onlyError(ARRAY, "{\"id\":1}")).contains("must start with '['").contains("use format.type jsonl");
    }

    @Test
    void jsonArray_invalidTokenBetweenElements_rejected() {
        List<SourceRecord> records = readAll(ARRAY, "[{\"id\":1} {\"id\":2}]");

        assertThat(records.get(records.size() - 1).parseError()).contains("invalid JSON");
    }

    @Test
    void readHeader_onJsonSpec_failsClearly() {
        assertThatThrownBy(() -> RecordReaders.readHeader(JSONL, new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no CSV header");
    }
}
