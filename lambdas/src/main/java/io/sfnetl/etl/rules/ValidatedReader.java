package io.sfnetl.etl.rules;

import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.read.internal.AsciiCsvFields;
import io.sfnetl.etl.read.internal.CsvRecordReader;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.spec.DatasetSpec;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the records of one range and validates each: what the Validate stage does per record, as
 * {@link RecordReaders#open} then {@link RowValidator#validate} on every record, with the same outcome record by
 * record.
 *
 * <p>The fast path (CSV without custom rules, decision 8 of docs/performance.md): an ASCII record is split and typed
 * straight from the reader's bytes ({@link AsciiCsvFields}, {@code FieldCheck.acceptAscii}): no decoded record, no
 * string per number, no {@link SourceRecord} for a valid row. It only ever accepts: any record it is not sure of
 * (non-ASCII bytes, a malformed or odd record, any invalid value) is decoded and validated by the general path, which
 * alone says why a record is invalid. So rejects, their raw text and reasons are the general path's, and a valid
 * record's row is the one the general path would give ({@code ValidatedReaderTest} compares both on every record of
 * generated and hand-made files).
 *
 * <p>Not thread-safe: one per range.
 */
public final class ValidatedReader implements AutoCloseable {
    private final RowValidator validator;
    private final RecordReader reader;
    /** The CSV reader when the fast path applies, else null. */
    private final CsvRecordReader csv;
    private final int[] bounds = new int[2];
    private final List<String> scratch = new ArrayList<>(2);
    /** The fast path's row, filled again for every record it accepts. */
    private final Row reused;
    private AsciiCsvFields fields;
    private List<String> fieldsFor;
    /** Per field of the spec, its column in {@link #fieldsFor}. */
    private int[] columnOf;
    /** Per field, the raw mode of a plain value ({@link RowValidator#rawModes}). */
    private int[] rawModes;

    /** The fast path split the current record and checked its fields ({@link #refused()} may give its reasons). */
    private boolean checked;
    private SourceRecord record;
    private Row valid;
    private List<String> reasons;

    private ValidatedReader(RowValidator validator, RecordReader reader, boolean fast) {
        this.validator = validator;
        this.reader = reader;
        this.csv = fast && reader instanceof CsvRecordReader c ? c : null;
        this.reused = new Row(validator.layout());
    }

    /**
     * @param validator the validator of {@code spec}
     * @param in the object's bytes, as {@link RecordReaders#open} takes them; closed by this reader
     * @throws io.sfnetl.etl.errors.InvalidInput as {@link RecordReaders#open}
     */
    public static ValidatedReader open(RowValidator validator, DatasetSpec spec, InputStream in, ReadRange range) {
        return new ValidatedReader(validator, RecordReaders.open(spec, in, range),
                validator.customRules().isEmpty() && asciiIsIdentity(spec.format().encoding()));
    }

    /** True when the charset decodes every byte below 0x80 to the char of the same value (the fast path's premise). */
    static boolean asciiIsIdentity(Charset charset) {
        byte[] b = new byte[128];
        for (int i = 0; i < 128; i++) {
            b[i] = (byte) i;
        }
        String s = new String(b, charset);
        if (s.length() != 128) {
            return false;
        }
        for (int i = 0; i < 128; i++) {
            if (s.charAt(i) != i) {
                return false;
            }
        }
        return true;
    }

    /**
     * Moves to the next record and validates it.
     *
     * @return false when there are no more records
     */
    public boolean next() {
        if (csv != null) {
            record = null;
            reasons = null;
            if (fieldsReady() && csv.hasPending()) {
                // the record's end and its fields in one pass over the reader's buffer
                int newline = fields.splitLine(csv.buffer(), csv.pendingStart(), csv.pendingLimit());
                if (newline >= 0) {
                    csv.advanceTo(newline);
                    if (csv.tooLong()) {   // longer than a record may be: malformed (the general path says so)
                        valid = null;
                        return decide(csv.current());
                    }
                    valid = accept(false);
                    return valid != null || refused() || decide(csv.current());
                }
            }
            if (!csv.advance()) {
                return false;
            }
            checked = false;
            valid = fieldsReady() && !csv.tooLong() ? accept(true) : null;
            return valid != null || refused() || decide(csv.current());
        }
        SourceRecord r = reader.next();
        return r != null && decide(r);
    }

    /**
     * After the fast path checked the fields of a record it split and refused it: its reasons from those fields
     * ({@link RowValidator#asciiReasons}), the record decoded only when asked for ({@link #record()}).
     *
     * @return false when the general path must decide (the record was not split, or no field gave a reason)
     */
    private boolean refused() {
        if (!checked) {
            return false;
        }
        reasons = validator.asciiReasons(reused, reused.rawBytes(), fields, columnOf, rawModes, bounds, scratch);
        return reasons != null;
    }

    private boolean decide(SourceRecord r) {
        record = r;
        switch (validator.validate(r)) {   // a malformed record is Invalid with its parse error
            case Validation.Valid ok -> {
                valid = ok.values();
                reasons = null;
            }
            case Validation.Invalid bad -> {
                valid = null;
                reasons = bad.reasons();
            }
        }
        return true;
    }

    /** True when the fast path applies to the reader's columns (its splitter is then made for them). */
    private boolean fieldsReady() {
        List<String> columns = csv.columns();
        if (columns != fieldsFor) {
            columnOf = validator.columnsOf(columns);
            rawModes = columnOf == null ? null : RowValidator.rawModes(columnOf);
            fields = columnOf == null || columns.size() > AsciiCsvFields.MAX_FIELDS ? null
                    : new AsciiCsvFields((byte) validator.format().delimiter(), (byte) validator.format().quote(),
                            validator.format().escape() == null ? -1 : validator.format().escape(), columns.size());
            fieldsFor = columns;
        }
        return fields != null;
    }

    /**
     * The fast path: the valid row of the current CSV record, or null when the general path must decide.
     *
     * @param split false when {@link AsciiCsvFields#splitLine} already split the record
     */
    private Row accept(boolean split) {
        int length = csv.length();
        Row row = reused;
        row.clear();
        byte[] bytes = row.rawBuffer(length);
        System.arraycopy(csv.buffer(), csv.start(), bytes, 0, length);
        if (split) {
            if (!fields.split(bytes, 0, length)) {
                return null;
            }
        } else {
            fields.useSource(bytes);
        }
        checked = true;
        return validator.acceptAscii(row, bytes, fields, columnOf, rawModes, bounds, scratch) ? row : null;
    }

    /** Absolute offset of the current record's first byte. */
    public long offset() {
        return csv != null ? csv.offset() : record.offset();
    }

    /** Absolute offset right after the current record. */
    public long nextOffset() {
        return csv != null ? csv.nextOffset() : record.nextOffset();
    }

    /** Physical line of the current record's start, or -1 when unknown. */
    public long line() {
        return csv != null ? csv.line() : record.line();
    }

    /**
     * The current record's typed row when it is valid, else null. The row is this reader's until the next
     * {@link #next()}, which may fill the same row again: use it (transform it, write it) before, or copy it.
     */
    public Row valid() {
        return valid;
    }

    /** Every reason the current record is invalid (never empty), or null when it is valid. */
    public List<String> reasons() {
        return reasons;
    }

    /** The current record as read (decoded on the first call when the fast path accepted it). */
    public SourceRecord record() {
        if (record == null) {
            record = csv.current();
        }
        return record;
    }

    @Override
    public void close() {
        reader.close();
    }
}
