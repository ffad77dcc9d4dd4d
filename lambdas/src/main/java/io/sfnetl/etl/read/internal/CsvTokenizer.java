package io.sfnetl.etl.read.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record (already cut by {@link RecordSplitter}, same quote state machine) into fields, strictly:
 * a quote opens a quoted field only at the start of a field; inside, a doubled quote (or the escape character
 * followed by any character) stands for itself; after the closing quote only a delimiter or the end may follow.
 * Immutable and thread-safe.
 */
public final class CsvTokenizer {
    private final char delimiter;
    private final char quote;
    private final int escape;

    public CsvTokenizer(char delimiter, char quote, int escape) {
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape == quote ? -1 : escape;
    }

    /** A record that is not well-formed CSV. Has no stack trace: it is data, not a bug. */
    public static final class MalformedCsv extends Exception {
        public MalformedCsv(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param record the record's text, without line terminator
     * @param expected expected number of fields (capacity hint), or 0
     * @return the field values (an empty record gives one empty field)
     * @throws MalformedCsv on an unterminated quoted field or text after a closing quote
     */
    public List<String> split(String record, int expected) throws MalformedCsv {
        List<String> fields = new ArrayList<>(Math.max(expected, 4));
        int n = record.length();
        int i = 0;
        StringBuilder sb = null;
        while (true) {
            if (i < n && record.charAt(i) == quote) {
                int close = escape < 0 ? record.indexOf(quote, i + 1) : -1;
                if (close > 0 && (close + 1 >= n || record.charAt(close + 1) != quote)) {
                    // the common quoted field: no doubled quote inside, so its value is the text between the quotes
                    fields.add(record.substring(i + 1, close));
                    i = close + 1;
                    if (i == n) {
                        return fields;
                    }
                    if (record.charAt(i) != delimiter) {
                        throw afterQuote(record, i, fields.size());
                    }
                    i++;
                    continue;
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.setLength(0);
                int open = i++;
                while (true) {
                    if (i >= n) {
                        throw new MalformedCsv("unterminated quoted field starting at character " + (open + 1)
                                + " of the record (a quote " + quote + " is not closed; if fields may hold line "
                                + "breaks, set format.multiline to true)");
                    }
                    char c = record.charAt(i);
                    if (c == quote) {
                        if (i + 1 < n && record.charAt(i + 1) == quote) {
                            sb.append(quote);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (c == escape && i + 1 < n) {
                        sb.append(record.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    sb.append(c);
                    i++;
                }
                fields.add(sb.toString());
                if (i == n) {
                    return fields;
                }
                if (record.charAt(i) != delimiter) {
                    throw afterQuote(record, i, fields.size());
                }
                i++;
            } else {
                int end = record.indexOf(delimiter, i);
                if (end < 0) {
                    fields.add(record.substring(i));
                    return fields;
                }
                fields.add(record.substring(i, end));
                i = end + 1;
            }
        }
    }

    private static MalformedCsv afterQuote(String record, int at, int field) {
        return new MalformedCsv("unexpected character '" + record.charAt(at) + "' after the closing quote of field "
                + field + " at character " + (at + 1) + " (a quote inside a quoted field must be doubled)");
    }

    /** Writes fields as one CSV record, quoting those that need it. */
    public String join(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(delimiter);
            }
            String f = fields.get(i);
            if (f.indexOf(delimiter) >= 0 || f.indexOf(quote) >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                out.append(quote).append(f.replace(String.valueOf(quote), "" + quote + quote)).append(quote);
            } else {
                out.append(f);
            }
        }
        return out.toString();
    }
}
