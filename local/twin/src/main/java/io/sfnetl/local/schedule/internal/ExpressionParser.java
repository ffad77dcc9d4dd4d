package io.sfnetl.local.schedule.internal;

import io.sfnetl.local.schedule.InvalidScheduleExpressionException;
import io.sfnetl.local.schedule.ScheduleExpression;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses EventBridge Scheduler expressions: {@code cron(minutes hours day-of-month month day-of-week year)},
 * {@code rate(value unit)} and {@code at(yyyy-mm-ddThh:mm:ss)}. Errors name the character position (1-based, in the
 * whole expression) of the offending field or value. Stateless.
 */
public final class ExpressionParser {

    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\S+)\\s+(\\S+)\\s*\\)");
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /** The six fields in order, with their ranges. */
    enum Kind {
        MINUTES("minutes", 0, 59), HOURS("hours", 0, 23), DAY_OF_MONTH("day-of-month", 1, 31),
        MONTH("month", 1, 12), DAY_OF_WEEK("day-of-week", 1, 7), YEAR("year", 1970, 2199);

        final String label;
        final int min;
        final int max;

        Kind(String label, int min, int max) {
            this.label = label;
            this.min = min;
            this.max = max;
        }
    }

    private ExpressionParser() {
    }

    public static ScheduleExpression parse(String expression) {
        if (expression == null) {
            throw new InvalidScheduleExpressionException("null", "the expression is missing; use e.g. cron(0 5 * * ? *)");
        }
        String e = expression.trim();
        if (e.startsWith("cron(")) {
            return new ScheduleExpression.Cron(e, cron(e));
        }
        if (e.startsWith("rate(")) {
            return rate(e);
        }
        if (e.startsWith("at(")) {
            return at(e);
        }
        throw new InvalidScheduleExpressionException(e,
                "an expression must be cron(...), rate(...) or at(...), e.g. cron(0 5 * * ? *), rate(1 day), "
                        + "at(2026-12-01T05:00:00)");
    }

    private static ScheduleExpression rate(String e) {
        Matcher m = RATE.matcher(e);
        if (!m.matches()) {
            throw new InvalidScheduleExpressionException(e, e.endsWith(")")
                    ? "write rate(value unit), e.g. rate(5 minutes)" : "the expression must end with ')'");
        }
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException ex) {
            value = -1;
        }
        if (value < 1) {
            throw new InvalidScheduleExpressionException(e, "position " + (m.start(1) + 1) + ": '" + m.group(1)
                    + "': the value must be a positive integer, e.g. rate(5 minutes)");
        }
        String unit = m.group(2);
        int at = m.start(2) + 1;
        Duration one = switch (unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit) {
            case "minute" -> Duration.ofMinutes(1);
            case "hour" -> Duration.ofHours(1);
            case "day" -> Duration.ofDays(1);
            default -> throw new InvalidScheduleExpressionException(e, "position " + at + ": '" + unit
                    + "' is not a unit; use minute(s), hour(s) or day(s)");
        };
        boolean plural = unit.endsWith("s");
        if (value == 1 && plural) {
            throw new InvalidScheduleExpressionException(e, "position " + at + ": for a value of 1 the unit is '"
                    + unit.substring(0, unit.length() - 1) + "', e.g. rate(1 " + unit.substring(0, unit.length() - 1) + ")");
        }
        if (value != 1 && !plural) {
            throw new InvalidScheduleExpressionException(e, "position " + at + ": for a value other than 1 the unit is '"
                    + unit + "s', e.g. rate(" + value + " " + unit + "s)");
        }
        return new ScheduleExpression.Rate(e, one.multipliedBy(value));
    }

    private static ScheduleExpression at(String e) {
        Matcher m = AT.matcher(e);
        if (!m.matches()) {
            throw new InvalidScheduleExpressionException(e, "write at(yyyy-mm-ddThh:mm:ss), e.g. at(2026-12-01T05:00:00)");
        }
        try {
            return new ScheduleExpression.At(e, LocalDateTime.parse(m.group(1)));
        } catch (DateTimeParseException ex) {
            throw new InvalidScheduleExpressionException(e, "position 4: '" + m.group(1)
                    + "' is not a date-time (" + ex.getMessage() + ")");
        }
    }

    private record Token(String text, int position) {
    }

    private static CronSpec cron(String e) {
        if (!e.endsWith(")")) {
            throw new InvalidScheduleExpressionException(e, "the expression must end with ')', e.g. cron(0 5 * * ? *)");
        }
        List<Token> fields = split(e, 5, e.length() - 1);
        if (fields.size() != 6) {
            throw new InvalidScheduleExpressionException(e, "it has " + fields.size() + " fields; EventBridge cron "
                    + "has six: minutes hours day-of-month month day-of-week year, e.g. cron(0 5 * * ? *)");
        }
        Kind[] kinds = Kind.values();
        CronField[] parsed = new CronField[6];
        for (int i = 0; i < 6; i++) {
            parsed[i] = field(e, kinds[i], fields.get(i));
        }
        CronField dom = parsed[2];
        CronField dow = parsed[4];
        int dowAt = fields.get(4).position();
        if (dom.any() && dow.any()) {
            throw new InvalidScheduleExpressionException(e, "position " + dowAt + ": day-of-month and day-of-week are "
                    + "both '?'; give one of them a value or * and leave '?' in the other");
        }
        if (!dom.any() && !dow.any()) {
            throw new InvalidScheduleExpressionException(e, "position " + dowAt + ": day-of-month and day-of-week are "
                    + "both given; one of them must be '?', e.g. cron(0 5 * * ? *) or cron(0 5 ? * MON-FRI *)");
        }
        return new CronSpec(parsed[0], parsed[1], dom, parsed[3], dow, parsed[5]);
    }

    /** The fields of {@code e[from, to)}, separated by runs of whitespace, with 1-based positions. */
    private static List<Token> split(String e, int from, int to) {
        List<Token> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\S+").matcher(e).region(from, to);
        while (m.find()) {
            out.add(new Token(m.group(), m.start() + 1));
        }
        return out;
    }

    /** The comma-separated items of a field, with 1-based positions in the whole expression. */
    private static List<Token> items(String text, int at) {
        List<Token> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? text.length() : comma;
            out.add(new Token(text.substring(start, end), at + start));
            if (comma < 0) {
                return out;
            }
            start = comma + 1;
        }
    }

    /** The text without month or day names, so that a letter check does not trip over JUL or WED. */
    private static String withoutNames(String text) {
        String out = text;
        for (String name : MONTHS) {
            out = out.replace(name, "0");
        }
        for (String name : DAYS) {
            out = out.replace(name, "0");
        }
        return out;
    }

    private static CronField field(String e, Kind kind, Token field) {
        String text = field.text().toUpperCase(Locale.ROOT);
        int at = field.position();
        if (text.equals("?")) {
            if (kind != Kind.DAY_OF_MONTH && kind != Kind.DAY_OF_WEEK) {
                throw error(e, at, "'?' is allowed only in day-of-month and day-of-week, not in " + kind.label);
            }
            return CronField.anyValue();
        }
        if (kind == Kind.DAY_OF_MONTH) {
            CronField special = dayOfMonthSpecial(e, text, at);
            if (special != null) {
                return special;
            }
        }
        if (kind == Kind.DAY_OF_WEEK) {
            CronField special = dayOfWeekSpecial(e, text, at);
            if (special != null) {
                return special;
            }
        }
        BitSet values = new BitSet();
        for (Token item : items(text, at)) {
            item(e, kind, item, values);
        }
        return CronField.ofValues(values);
    }

    private static CronField dayOfMonthSpecial(String e, String text, int at) {
        if (text.equals("L")) {
            return new CronField(new BitSet(), false, true, false, 0, 0, 0, 0);
        }
        if (text.equals("LW")) {
            return new CronField(new BitSet(), false, false, true, 0, 0, 0, 0);
        }
        if (text.indexOf('L') >= 0) {
            throw error(e, at, "'" + text + "': day-of-month takes L (last day), LW (last weekday) or nW (weekday "
                    + "nearest day n) on its own; forms like L-3 are not supported");
        }
        if (text.indexOf('W') >= 0) {
            if (!text.matches("\\d{1,2}W")) {
                throw error(e, at, "'" + text + "': W takes a single day on its own, e.g. 15W");
            }
            int day = Integer.parseInt(text.substring(0, text.length() - 1));
            range(e, Kind.DAY_OF_MONTH, day, at);
            return new CronField(new BitSet(), false, false, false, day, 0, 0, 0);
        }
        return null;
    }

    private static CronField dayOfWeekSpecial(String e, String text, int at) {
        String bare = withoutNames(text);
        if (bare.indexOf('W') >= 0) {
            throw error(e, at, "'W' is not allowed in day-of-week; it is for day-of-month (e.g. 15W)");
        }
        if (text.indexOf('#') >= 0) {
            if (text.indexOf(',') >= 0 || text.indexOf('-') >= 0 || text.indexOf('/') >= 0) {
                throw error(e, at, "'" + text + "': '#' allows a single expression in day-of-week, e.g. 3#2 "
                        + "(the second Tuesday); 3#1,6#3 is two expressions");
            }
            String[] parts = text.split("#", -1);
            int day = value(e, Kind.DAY_OF_WEEK, parts[0], at);
            int nth;
            try {
                nth = Integer.parseInt(parts[1]);
            } catch (NumberFormatException ex) {
                nth = -1;
            }
            if (parts.length != 2 || nth < 1 || nth > 5) {
                throw error(e, at, "'" + text + "': the occurrence after # must be 1-5, e.g. 2#1 (the first Monday)");
            }
            return new CronField(new BitSet(), false, false, false, 0, 0, day, nth);
        }
        if (text.equals("L")) {
            BitSet saturday = new BitSet();
            saturday.set(7);
            return CronField.ofValues(saturday);
        }
        if (text.endsWith("L") && text.indexOf(',') < 0 && text.indexOf('-') < 0 && text.indexOf('/') < 0) {
            int day = value(e, Kind.DAY_OF_WEEK, text.substring(0, text.length() - 1), at);
            return new CronField(new BitSet(), false, false, false, 0, day, 0, 0);
        }
        if (bare.indexOf('L') >= 0) {
            throw error(e, at, "'" + text + "': L in day-of-week stands alone (L = SAT) or follows one day (6L = the "
                    + "last Friday)");
        }
        return null;
    }

    private static void item(String e, Kind kind, Token item, BitSet values) {
        String text = item.text();
        int at = item.position();
        if (text.isEmpty()) {
            throw error(e, at, "an empty value in the " + kind.label + " list");
        }
        String bare = withoutNames(text);
        for (char c : new char[] {'L', 'W', '#'}) {
            if (bare.indexOf(c) >= 0) {
                throw error(e, at, "'" + c + "' is not allowed in " + kind.label
                        + "; L is for the day fields, W for day-of-month, # for day-of-week");
            }
        }
        int step = 1;
        String base = text;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            base = text.substring(0, slash);
            try {
                step = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException ex) {
                step = 0;
            }
            if (step < 1) {
                throw error(e, at, "'" + text + "': the increment after / must be at least 1, e.g. 0/15");
            }
        }
        int from;
        int to;
        if (base.equals("*")) {
            from = kind.min;
            to = kind.max;
        } else {
            int dash = base.indexOf('-', 1);
            if (dash > 0) {
                from = value(e, kind, base.substring(0, dash), at);
                to = value(e, kind, base.substring(dash + 1), at + dash + 1);
                if (from > to) {
                    throw error(e, at, "'" + base + "': the range starts after it ends; write it in increasing order");
                }
            } else {
                from = value(e, kind, base, at);
                to = slash >= 0 ? kind.max : from;
            }
        }
        for (int v = from; v <= to; v += step) {
            values.set(v);
        }
    }

    /** A number or, for month and day-of-week, a three-letter name; checked against the field's range. */
    private static int value(String e, Kind kind, String text, int at) {
        int v;
        if (kind == Kind.MONTH && MONTHS.contains(text)) {
            return MONTHS.indexOf(text) + 1;
        }
        if (kind == Kind.DAY_OF_WEEK && DAYS.contains(text)) {
            return DAYS.indexOf(text) + 1;
        }
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException ex) {
            String hint = switch (kind) {
                case MONTH -> "a month (use 1-12 or JAN-DEC)";
                case DAY_OF_WEEK -> "a day-of-week (use 1-7 or SUN-SAT)";
                default -> "a number in " + kind.min + "-" + kind.max;
            };
            throw error(e, at, "'" + text + "' is not " + hint);
        }
        range(e, kind, v, at);
        return v;
    }

    private static void range(String e, Kind kind, int v, int at) {
        if (v < kind.min || v > kind.max) {
            throw error(e, at, kind.label + " value " + v + " is out of range " + kind.min + "-" + kind.max);
        }
    }

    private static InvalidScheduleExpressionException error(String e, int position, String detail) {
        return new InvalidScheduleExpressionException(e, "position " + position + ": " + detail);
    }
}
