package io.sfnetl.etl.read;

import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.read.internal.CsvRecordReader;
import io.sfnetl.etl.read.internal.Decoder;
import io.sfnetl.etl.read.internal.JsonArrayReader;
import io.sfnetl.etl.read.internal.JsonLinesReader;
import io.sfnetl.etl.read.internal.RecordSplitter;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.FormatSpec;
import java.io.InputStream;
import java.util.List;

/** Opens {@link RecordReader}s for a dataset's source format. */
public final class RecordReaders {
    /** Longest record a reader accepts (1 MiB); a longer one becomes a malformed record and is skipped. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    private RecordReaders() {
    }

    /**
     * Opens a reader over one range of a source object.
     *
     * @param spec the dataset spec (format and dialect)
     * @param in the object's bytes (uncompressed: wrap {@code .gz} objects in a GZIPInputStream and skip to
     *     {@link ReadRange#streamStart()}), starting at {@code range.streamStart()}; closed by the reader
     * @param range what to read; for CSV with a header and {@code range.start() > 0}, {@code range.header()} is
     *     required
     * @return a reader returning exactly the records that start in {@code [range.start(), range.end())}
     * @throws IllegalArgumentException when a CSV range past 0 has no header although the spec needs one
     */
    public static RecordReader open(DatasetSpec spec, InputStream in, ReadRange range) {
        return switch (spec.format().type()) {
            case CSV -> new CsvRecordReader(spec, in, range);
            case JSONL -> new JsonLinesReader(in, range);
            case JSON -> new JsonArrayReader(in, range);
        };
    }

    /**
     * @return true when chunk boundaries of this object cannot be found from a byte offset alone, so Prepare must
     *     scan it sequentially: multiline CSV, JSON arrays and {@code .gz} objects
     */
    public static boolean requiresSequentialScan(DatasetSpec spec, String objectKey) {
        return isGzip(objectKey) || spec.format().type() == SourceFormat.JSON
                || (spec.format().type() == SourceFormat.CSV && spec.format().multiline());
    }

    /** @return true when the object key names a gzip-compressed object ({@code .gz}) */
    public static boolean isGzip(String objectKey) {
        return objectKey.endsWith(".gz");
    }

    /**
     * Reads the CSV header record from the start of an object.
     *
     * @param objectStart the object's bytes from offset 0 (at least the first record); not closed
     * @return the column names, in order
     * @throws io.sfnetl.etl.errors.InvalidInput when the object is empty, or its header is malformed
     * @throws IllegalArgumentException when the spec is not a CSV spec with {@code header: true}
     */
    public static List<String> readHeader(DatasetSpec spec, InputStream objectStart) {
        FormatSpec f = spec.format();
        if (f.type() != SourceFormat.CSV || !f.header()) {
            throw new IllegalArgumentException("dataset " + spec.dataset() + " has no CSV header to read");
        }
        RecordSplitter splitter = new RecordSplitter(objectStart, 0, f.multiline(), (byte) f.delimiter(),
                (byte) f.quote(), f.escape() == null ? -1 : f.escape(), MAX_RECORD_BYTES);
        splitter.skipBom();
        while (splitter.next()) {
            if (splitter.length() > 0 || splitter.tooLong()) {
                return CsvRecordReader.checkColumns(spec, CsvRecordReader.parseHeader(spec, splitter,
                        new Decoder(f.encoding()), CsvRecordReader.tokenizer(f)));
            }
        }
        throw new InvalidInput("the source of dataset " + spec.dataset() + " is empty: a CSV with format.header "
                + "true needs a header line naming its columns");
    }
}
