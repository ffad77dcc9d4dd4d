package io.sfnetl.etl.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One record of a source object, as a reader found it: well-formed (with {@code csvValues} or {@code json}) or
 * malformed (with {@code parseError}, never an exception).
 *
 * @param offset absolute byte offset of the record's first byte in the (uncompressed) object
 * @param nextOffset absolute offset right after the record (after its line terminator, if any)
 * @param line 1-based physical line of the record's start, or -1 if unknown
 * @param raw the raw text of the record, without the line terminator (for a malformed JSON array element, the
 *     text read so far, possibly empty)
 * @param csvValues for CSV: column name to value, in column order; null for JSON or when malformed
 * @param json for JSON Lines / JSON array: the element (an object); null for CSV or when malformed
 * @param parseError null for a well-formed record; otherwise why it could not be parsed (becomes a reject reason)
 */
public record SourceRecord(
        long offset, long nextOffset, long line, String raw, Map<String, String> csvValues, JsonNode json,
        String parseError) {

    /** True when the record could not be parsed ({@link #parseError()} says why). */
    public boolean malformed() {
        return parseError != null;
    }
}
