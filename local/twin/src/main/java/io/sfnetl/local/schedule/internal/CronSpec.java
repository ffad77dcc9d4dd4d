package io.sfnetl.local.schedule.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.Optional;

/**
 * The six parsed fields of an EventBridge cron expression and their evaluation in a time zone. Fire times are
 * wall-clock times of the zone: a wall-clock time that does not exist (the spring-forward gap) is skipped, one that
 * happens twice (the fall-back overlap) fires once, at its first occurrence, as EventBridge Scheduler documents.
 * Immutable and thread-safe.
 */
public record CronSpec(CronField minutes, CronField hours, CronField dayOfMonth, CronField month,
                       CronField dayOfWeek, CronField year) {

    /** The first year after the range EventBridge accepts (1970-2199): evaluation stops there. */
    private static final int END_YEAR = 2200;

    /** The first fire time strictly after {@code after}, or empty when the expression has no fire left. */
    public Optional<ZonedDateTime> next(Instant after, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        LocalDate date = after.atZone(zone).toLocalDate();
        while (date.getYear() < END_YEAR) {
            if (!year.has(date.getYear())) {
                int y = year.nextValue(date.getYear() + 1);
                if (y < 0 || y >= END_YEAR) {
                    return Optional.empty();
                }
                date = LocalDate.of(y, 1, 1);
                continue;
            }
            if (!month.has(date.getMonthValue())) {
                int m = month.nextValue(date.getMonthValue() + 1);
                date = m < 0 ? LocalDate.of(date.getYear() + 1, 1, 1) : LocalDate.of(date.getYear(), m, 1);
                continue;
            }
            if (matchesDay(date)) {
                for (int h = hours.nextValue(0); h >= 0; h = hours.nextValue(h + 1)) {
                    for (int m = minutes.nextValue(0); m >= 0; m = minutes.nextValue(m + 1)) {
                        LocalDateTime local = date.atTime(h, m);
                        if (rules.getValidOffsets(local).isEmpty()) {
                            continue; // the spring-forward gap: this wall-clock time does not happen
                        }
                        // in the fall-back overlap ZonedDateTime.of keeps the earlier offset: the first occurrence
                        ZonedDateTime at = ZonedDateTime.of(local, zone);
                        if (at.toInstant().isAfter(after)) {
                            return Optional.of(at);
                        }
                    }
                }
            }
            date = date.plusDays(1);
        }
        return Optional.empty();
    }

    /** Whether the day fields allow this date (month and year are checked by the caller). */
    boolean matchesDay(LocalDate date) {
        return dayOfMonth.any() ? matchesDayOfWeek(date) : matchesDayOfMonth(date);
    }

    private boolean matchesDayOfMonth(LocalDate date) {
        int day = date.getDayOfMonth();
        int length = date.lengthOfMonth();
        if (dayOfMonth.last()) {
            return day == length;
        }
        if (dayOfMonth.lastWeekday()) {
            return date.equals(weekdayNear(date.withDayOfMonth(length)));
        }
        if (dayOfMonth.nearestWeekday() > 0) {
            int n = dayOfMonth.nearestWeekday();
            return n <= length && date.equals(weekdayNear(date.withDayOfMonth(n)));
        }
        return dayOfMonth.has(day);
    }

    private boolean matchesDayOfWeek(LocalDate date) {
        int dow = eventBridgeDayOfWeek(date.getDayOfWeek());
        if (dayOfWeek.lastDayOfWeek() > 0) {
            return dow == dayOfWeek.lastDayOfWeek() && date.plusDays(7).getMonthValue() != date.getMonthValue();
        }
        if (dayOfWeek.nthDayOfWeek() > 0) {
            return dow == dayOfWeek.nthDayOfWeek() && (date.getDayOfMonth() - 1) / 7 + 1 == dayOfWeek.nth();
        }
        return dayOfWeek.has(dow);
    }

    /** EventBridge numbers days of the week 1 = SUN .. 7 = SAT. */
    static int eventBridgeDayOfWeek(DayOfWeek d) {
        return d.getValue() % 7 + 1;
    }

    /** The weekday nearest to {@code date} without leaving its month (Quartz's W). */
    private static LocalDate weekdayNear(LocalDate date) {
        int length = date.lengthOfMonth();
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> date.getDayOfMonth() == 1 ? date.plusDays(2) : date.minusDays(1);
            case SUNDAY -> date.getDayOfMonth() == length ? date.minusDays(2) : date.plusDays(1);
            default -> date;
        };
    }
}
