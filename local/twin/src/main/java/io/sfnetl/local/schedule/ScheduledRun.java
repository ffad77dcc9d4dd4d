package io.sfnetl.local.schedule;

import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * One fire of the schedule: its scheduled time (what {@code <aws.scheduler.scheduled-time>} becomes), the same time
 * on the schedule's wall clock, the time the twin invokes it (later within the flexible time window, if one is set),
 * the execution name derived from the scheduled time, and the rendered execution input.
 */
public record ScheduledRun(Instant scheduledTime, ZonedDateTime localTime, Instant invocationTime,
                           String executionName, String input) {
}
