package io.sfnetl.etl.rules.internal;

import io.sfnetl.etl.row.internal.Words;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Date and timestamp parsing with the spec's accepted formats: {@code iso}, {@code epochSeconds},
 * {@code epochMillis} or a {@link DateTimeFormatter} pattern (resolved strictly: 2024-02-30 is rejected).
 */
public final class Temporals {
    public static final String ISO = "iso";
    public static final String EPOCH_SECONDS = "epochSeconds";
    public static final String EPOCH_MILLIS = "epochMillis";

    private Temporals() {
    }

    /**
     * A strict formatter for a pattern; {@code yyyy} works without an era.
     *
     * @throws IllegalArgumentException when the pattern is invalid
     */
    public static DateTimeFormatter pattern(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .parseDefaulting(ChronoField.ERA, 1)
                .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    /** Parses dates in any of the formats (tried in order). Thread-safe. */
    public static final class DateParser {
        private final List<DateTimeFormatter> formatters = new ArrayList<>();
        private final boolean isoFirst;

        public DateParser(List<String> formats) {
            List<String> all = formats.isEmpty() ? List.of(ISO) : formats;
            for (String f : all) {
                formatters.add(f.equals(ISO) ? DateTimeFormatter.ISO_LOCAL_DATE : pattern(f));
            }
            isoFirst = all.get(0).equals(ISO) || all.get(0).equals("yyyy-MM-dd") || all.get(0).equals("uuuu-MM-dd");
        }

        /**
         * True when the first format is ISO {@code YYYY-MM-DD} and {@code text} is a valid date in it: then
         * {@link #parse} gives that date and {@code text} is its {@code toString()} (no LocalDate needed).
         */
        public boolean isIsoDate(String text) {
            return isoFirst && dashed(text) && isDate(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
        }

        /** {@link #isIsoDate(String)} for the bytes {@code b[from, to)}, read as two words. */
        public boolean isIsoDate(byte[] b, int from, int to) {
            if (!isoFirst || to - from != 10) {
                return false;
            }
            long w = Words.get(b, from);   // YYYY-MM- (the first byte lowest)
            long t = w ^ 0x2D30302D30303030L;     // digits as 0 to 9, the dashes as 0
            long d = (Words.get(b, from + 2) >>> 48) ^ 0x3030L;   // DD likewise
            if (((w | d) & Words.HIGHS) != 0 || ((t + Words.above(9)) & Words.HIGHS) != 0
                    || ((d + 0x7676L) & 0x8080L) != 0 || (t & 0xFF0000FF00000000L) != 0) {
                return false;   // a byte not a digit (each at most 9 after the xor) or no dash at 4 and 7
            }
            int year = (int) (t & 0xFF) * 1000 + (int) (t >>> 8 & 0xFF) * 100 + (int) (t >>> 16 & 0xFF) * 10
                    + (int) (t >>> 24 & 0xFF);
            int month = (int) (t >>> 40 & 0xFF) * 10 + (int) (t >>> 48 & 0xFF);
            return isDate(year, month, (int) (d & 0xFF) * 10 + (int) (d >>> 8));
        }

        /** True when year {@code y} (>= 0), month {@code m} and day {@code d} (-1: not digits) make a date. */
        private static boolean isDate(int y, int m, int d) {
            if (y < 0 || m < 1 || m > 12 || d < 1) {
                return false;
            }
            // a table, not a switch on the month: months vary row by row, and the switch's jump mispredicted
            return d <= DAYS_IN_MONTH[m] || (m == 2 && d == 29 && java.time.Year.isLeap(y));
        }

        /** Per month 1 to 12, its days in a common year. */
        private static final byte[] DAYS_IN_MONTH = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

        /** @return the date, or null when no format matches */
        public LocalDate parse(String text) {
            if (isIsoDate(text)) {
                // fast path for the common YYYY-MM-DD (the formatter costs ~10x more); otherwise the formats decide
                return LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
            }
            // an ISO-shaped text that is no date (2026-02-30): the ISO first format surely refuses it, without the
            // exception that costs more than the rest of a row's checks
            int first = isoFirst && isIsoShaped(text) ? 1 : 0;
            for (int i = first; i < formatters.size(); i++) {
                try {
                    return LocalDate.from(formatters.get(i).parse(text));
                } catch (java.time.DateTimeException e) {
                    // try the next format
                }
            }
            return null;
        }

        /** {@code DDDD-DD-DD} in ASCII digits. */
        private static boolean isIsoShaped(String text) {
            return dashed(text) && digits(text, 0, 4) >= 0 && digits(text, 5, 7) >= 0 && digits(text, 8, 10) >= 0;
        }

        /** Ten chars with dashes at 4 and 7. */
        private static boolean dashed(String text) {
            return text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-';
        }
    }

    /** @return the decimal value of {@code s[from, to)}, or -1 when a character is not a digit */
    static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Parses timestamps in any of the formats (tried in order), with a zone for texts without offset. */
    public static final class TimestampParser {
        private final List<String> formats;
        private final List<DateTimeFormatter> formatters = new ArrayList<>();
        private final ZoneId zone;

        public TimestampParser(List<String> formats, ZoneId zone) {
            this.formats = formats.isEmpty() ? List.of(ISO) : List.copyOf(formats);
            this.zone = zone;
            for (String f : this.formats) {
                formatters.add(switch (f) {
                    case ISO -> DateTimeFormatter.ISO_DATE_TIME;
                    case EPOCH_SECONDS, EPOCH_MILLIS -> null;
                    default -> pattern(f);
                });
            }
        }

        /** @return the instant, or null when no format matches */
        public Instant parse(String text) {
            for (int i = 0; i < formats.size(); i++) {
                try {
                    Instant t = parseWith(formats.get(i), formatters.get(i), text);
                    if (t != null) {
                        return t;
                    }
                } catch (java.time.DateTimeException | NumberFormatException | ArithmeticException e) {
                    // try the next format
                }
            }
            return null;
        }

        private Instant parseWith(String format, DateTimeFormatter formatter, String text) {
            if (format.equals(EPOCH_SECONDS)) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            if (format.equals(EPOCH_MILLIS)) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            TemporalAccessor t = formatter.parse(text);
            if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
                return Instant.from(t);
            }
            ZoneId z = t.query(TemporalQueries.zone());
            ZoneId effective = z != null ? z : zone;
            if (t.isSupported(ChronoField.HOUR_OF_DAY)) {
                return ZonedDateTime.of(LocalDateTime.from(t), effective).toInstant();
            }
            return LocalDate.from(t).atStartOfDay(effective).toInstant();
        }
    }
}
