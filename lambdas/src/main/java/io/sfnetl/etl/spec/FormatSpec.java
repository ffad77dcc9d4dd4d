package io.sfnetl.etl.spec;

import io.sfnetl.etl.read.SourceFormat;
import java.nio.charset.Charset;
import java.util.List;

/**
 * The source format of a dataset ({@code format} in the spec).
 *
 * @param type csv, jsonl or json (a JSON array of objects)
 * @param delimiter CSV field separator (default {@code ,})
 * @param quote CSV quote character (default {@code "}); a quote inside a quoted field is doubled
 * @param escape CSV escape character inside quoted fields, or null (default: none, RFC 4180 doubling only)
 * @param header CSV: true when the first record names the columns (default true)
 * @param columns CSV column names when {@code header} is false (in order); empty otherwise
 * @param encoding character set of the source (default UTF-8; only ASCII-compatible sets are allowed:
 *     UTF-8, ISO-8859-1, windows-1252, US-ASCII). JSON sources are always UTF-8.
 * @param multiline CSV: true when quoted fields may hold line breaks (default false). Such objects need a sequential
 *     scan to plan exact chunk boundaries.
 */
public record FormatSpec(
        SourceFormat type, char delimiter, char quote, Character escape, boolean header, List<String> columns,
        Charset encoding, boolean multiline) {
    public FormatSpec {
        columns = List.copyOf(columns);
    }
}
