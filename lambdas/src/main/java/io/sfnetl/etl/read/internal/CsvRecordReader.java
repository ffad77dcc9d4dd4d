package io.sfnetl.etl.read.internal;

import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.FieldSpec;
import io.sfnetl.etl.spec.FormatSpec;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads CSV records of one range (see {@link RecordReaders#open}). Not thread-safe. */
public final class CsvRecordReader implements RecordReader {
    private static final int SHOWN_RAW = 1024;

    private final RecordSplitter splitter;
    private final CsvTokenizer tokenizer;
    private final Decoder decoder;
    private final ReadRange range;
    private final boolean headerInStream;
    private List<String> columns;
    private ColumnValues.Columns index;
    private long line;
    /** The line of the record {@link #advance()} moved to. */
    private long recordLine;
    private boolean done;

    public CsvRecordReader(DatasetSpec spec, InputStream in, ReadRange range) {
        FormatSpec f = spec.format();
        this.range = range;
        this.tokenizer = tokenizer(f);
        this.decoder = new Decoder(f.encoding());
        this.splitter = new RecordSplitter(in, range.streamStart(), f.multiline(), (byte) f.delimiter(),
                (byte) f.quote(), f.escape() == null ? -1 : f.escape(), RecordReaders.MAX_RECORD_BYTES);
        line = splitter.startAt(range);
        this.headerInStream = f.header() && range.start() == 0;
        if (f.header() && !headerInStream) {
            if (range.header() == null) {
                throw new IllegalArgumentException("dataset " + spec.dataset() + " has a CSV header, so a range "
                        + "starting at " + range.start() + " needs ReadRange.header (read it with RecordReaders.readHeader)");
            }
            this.columns = checkColumns(spec, range.header());
        } else if (!f.header()) {
            this.columns = f.columns();
        }
        if (headerInStream) {
            readHeaderRecord(spec);
        }
    }

    public static CsvTokenizer tokenizer(FormatSpec f) {
        return new CsvTokenizer(f.delimiter(), f.quote(), f.escape() == null ? -1 : f.escape());
    }

    private void readHeaderRecord(DatasetSpec spec) {
        while (splitter.next()) {
            line = line < 0 ? -1 : line + 1 + splitter.newlines();
            if (splitter.length() == 0) {
                continue;
            }
            columns = checkColumns(spec, parseHeader(spec, splitter, decoder, tokenizer));
            return;
        }
        done = true; // empty object: no header, no records
    }

    /** Parses the header record the splitter is on. @throws InvalidInput when it is malformed */
    public static List<String> parseHeader(DatasetSpec spec, RecordSplitter splitter, Decoder decoder, CsvTokenizer tokenizer) {
        if (splitter.tooLong()) {
            throw new InvalidInput("the CSV header of dataset " + spec.dataset() + " is longer than "
                    + RecordReaders.MAX_RECORD_BYTES + " bytes: check format.delimiter and format.quote");
        }
        String text = decoder.decode(splitter.buffer(), splitter.start(), splitter.length());
        String bad = decoder.check(splitter.buffer(), splitter.start(), splitter.length(), text);
        if (bad != null) {
            throw new InvalidInput("the CSV header of dataset " + spec.dataset() + " cannot be decoded: " + bad);
        }
        try {
            return tokenizer.split(text, 0).stream().map(String::strip).toList();
        } catch (CsvTokenizer.MalformedCsv e) {
            throw new InvalidInput("the CSV header of dataset " + spec.dataset() + " is malformed: " + e.getMessage());
        }
    }

    /** @throws InvalidInput on duplicate columns, or a field whose source column is missing */
    public static List<String> checkColumns(DatasetSpec spec, List<String> header) {
        Set<String> seen = new HashSet<>();
        for (String c : header) {
            if (!seen.add(c)) {
                throw new InvalidInput("the CSV header of dataset " + spec.dataset() + " names column '" + c
                        + "' twice: column names must be unique");
            }
        }
        for (FieldSpec field : spec.fields()) {
            if (!seen.contains(field.source())) {
                throw new InvalidInput("the CSV header of dataset " + spec.dataset() + " has no column '"
                        + field.source() + "' (read by field '" + field.name() + "'); header is " + header
                        + ": fix the file or the field's source");
            }
        }
        return List.copyOf(header);
    }

    @Override
    public SourceRecord next() {
        return advance() ? current() : null;
    }

    /**
     * Moves to the next record that starts in the range, without decoding it: its bytes are then
     * {@link #buffer()}{@code [}{@link #start()}{@code , start + }{@link #length()}{@code )} until the next call, and
     * {@link #current()} makes it a {@link SourceRecord} ({@link #next()} is {@code advance() ? current() : null}).
     *
     * @return false when there are no more records
     */
    public boolean advance() {
        while (!done) {
            if (!splitter.next() || splitter.offset() >= range.end()) {
                done = true;
                return false;
            }
            recordLine = line;
            line = line < 0 ? -1 : line + 1 + splitter.newlines();
            if (splitter.length() == 0 && !splitter.tooLong()) {
                continue; // blank line
            }
            return true;
        }
        return false;
    }

    /**
     * For a caller that finds records itself ({@link AsciiCsvFields#splitLine}): true when the buffered bytes from
     * {@link #pendingStart()} to {@link #pendingLimit()} hold the next record's start, false when the next record
     * must be found by {@link #advance()} (nothing buffered, or it starts past the range).
     */
    public boolean hasPending() {
        return !done && splitter.position() < splitter.limit() && splitter.positionOffset() < range.end();
    }

    /** Where the next record starts in {@link #buffer()}, when {@link #hasPending()}. */
    public int pendingStart() {
        return splitter.position();
    }

    /** The end of the buffered bytes in {@link #buffer()}, when {@link #hasPending()}. */
    public int pendingLimit() {
        return splitter.limit();
    }

    /**
     * Moves to the record from {@link #pendingStart()} to the LF at {@code newline}, found by the caller, as
     * {@link #advance()} would (it must be non-blank and hold no line break inside quotes).
     */
    public void advanceTo(int newline) {
        splitter.takeRecord(newline);
        recordLine = line;
        line = line < 0 ? -1 : line + 1;
    }

    /** The record {@link #advance()} moved to, decoded and split into its columns (or malformed, with a reason). */
    public SourceRecord current() {
        return record(recordLine);
    }

    /** The buffer holding the current record's bytes (valid until the next {@link #advance()}). */
    public byte[] buffer() {
        return splitter.buffer();
    }

    /** Index of the current record's first byte in {@link #buffer()}. */
    public int start() {
        return splitter.start();
    }

    /** Length of the current record in bytes, without its line terminator (a prefix when {@link #tooLong()}). */
    public int length() {
        return splitter.length();
    }

    /** True when the current record is longer than {@link RecordReaders#MAX_RECORD_BYTES} (only a prefix is kept). */
    public boolean tooLong() {
        return splitter.tooLong();
    }

    /** Absolute offset of the current record's first byte. */
    public long offset() {
        return splitter.offset();
    }

    /** Absolute offset right after the current record. */
    public long nextOffset() {
        return splitter.nextOffset();
    }

    /** Physical line of the current record's start, or -1 when unknown. */
    public long line() {
        return recordLine;
    }

    private SourceRecord record(long recordLine) {
        byte[] buf = splitter.buffer();
        String raw = decoder.decode(buf, splitter.start(), splitter.length());
        if (splitter.tooLong()) {
            return error(recordLine, raw, "record longer than " + RecordReaders.MAX_RECORD_BYTES + " bytes (if this "
                    + "is a multiline CSV, an unclosed quote makes the rest of the file one record)");
        }
        String bad = decoder.check(buf, splitter.start(), splitter.length(), raw);
        if (bad != null) {
            return error(recordLine, raw, bad);
        }
        List<String> values;
        try {
            values = tokenizer.split(raw, columns.size());
        } catch (CsvTokenizer.MalformedCsv e) {
            return error(recordLine, raw, "malformed CSV: " + e.getMessage());
        }
        if (values.size() != columns.size()) {
            return error(recordLine, raw, "expected " + columns.size() + " columns but found " + values.size()
                    + " (check format.delimiter and quoting)");
        }
        if (index == null) {
            index = ColumnValues.Columns.of(columns);
        }
        return new SourceRecord(splitter.offset(), splitter.nextOffset(), recordLine, raw,
                new ColumnValues(index, values), null, null);
    }

    private SourceRecord error(long recordLine, String raw, String reason) {
        String shown = raw.length() > SHOWN_RAW ? raw.substring(0, SHOWN_RAW) + "..." : raw;
        return new SourceRecord(splitter.offset(), splitter.nextOffset(), recordLine, shown, null, null, reason);
    }

    /** The column names in use (from the header or the spec). */
    public List<String> columns() {
        return columns;
    }

    @Override
    public void close() {
        splitter.close();
    }
}
