package io.sfnetl.local.schedule;

import io.sfnetl.local.schedule.internal.CronSpec;
import io.sfnetl.local.schedule.internal.ExpressionParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * An EventBridge Scheduler schedule expression: {@code cron(...)}, {@code rate(...)} or {@code at(...)}, as described
 * in <a href="https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html">Schedule types</a>.
 * Immutable and thread-safe.
 */
public sealed interface ScheduleExpression {

    /** The expression as written. */
    String text();

    /**
     * The first fire time strictly after {@code after}, as a time in {@code zone}; empty when there is none left.
     *
     * @param start when the schedule started: the anchor of a {@code rate(...)} (its first fire), ignored by the others
     */
    Optional<ZonedDateTime> next(Instant after, ZoneId zone, Instant start);

    /**
     * Parses an expression.
     *
     * @throws InvalidScheduleExpressionException with EventBridge's message and the position of the error
     */
    static ScheduleExpression parse(String expression) {
        return ExpressionParser.parse(expression);
    }

    /**
     * {@code cron(minutes hours day-of-month month day-of-week year)}, evaluated on the wall clock of the schedule's
     * zone: a time in the spring-forward gap is skipped, a time in the fall-back overlap fires once (the first time).
     */
    record Cron(String text, CronSpec spec) implements ScheduleExpression {
        @Override
        public Optional<ZonedDateTime> next(Instant after, ZoneId zone, Instant start) {
            return spec.next(after, zone);
        }
    }

    /**
     * {@code rate(value unit)}: every {@code period} of real time from the start (truncated to the minute, as the
     * Scheduler has one-minute precision); a day is 24 hours whatever daylight saving does.
     */
    record Rate(String text, Duration period) implements ScheduleExpression {
        @Override
        public Optional<ZonedDateTime> next(Instant after, ZoneId zone, Instant start) {
            Instant first = start.truncatedTo(ChronoUnit.MINUTES);
            if (after.isBefore(first)) {
                return Optional.of(first.atZone(zone));
            }
            long periods = Duration.between(first, after).dividedBy(period) + 1;
            return Optional.of(first.plus(period.multipliedBy(periods)).atZone(zone));
        }
    }

    /** {@code at(yyyy-mm-ddThh:mm:ss)}: once, at that wall-clock time of the zone (skipped if the time does not exist). */
    record At(String text, LocalDateTime time) implements ScheduleExpression {
        @Override
        public Optional<ZonedDateTime> next(Instant after, ZoneId zone, Instant start) {
            if (zone.getRules().getValidOffsets(time).isEmpty()) {
                return Optional.empty();
            }
            ZonedDateTime at = ZonedDateTime.of(time, zone);
            return at.toInstant().isAfter(after) ? Optional.of(at) : Optional.empty();
        }
    }
}
