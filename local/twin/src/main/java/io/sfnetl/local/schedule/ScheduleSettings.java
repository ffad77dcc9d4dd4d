package io.sfnetl.local.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.local.config.PipelineConfig;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code schedule} section of {@code config/pipeline.json}, the one source of truth that the CDK stack's
 * EventBridge Scheduler schedule and the twin's scheduler both read. Keys (the CDK app reads the first seven):
 * <ul>
 *   <li>{@code expression}: {@code cron(...)}, {@code rate(...)} or {@code at(...)} in EventBridge syntax</li>
 *   <li>{@code timeZone}: an IANA zone the expression is evaluated in (not an offset)</li>
 *   <li>{@code flexibleWindowMinutes}: 0 (off, default) or 1..1440: the target is invoked within that many minutes
 *       after the scheduled time</li>
 *   <li>{@code enabled}: default true</li>
 *   <li>{@code input}: the execution input template (a JSON object); {@code ${DataBucket}} becomes the data bucket,
 *       {@code <aws.scheduler.scheduled-time>} and the other context attributes are filled at each fire</li>
 *   <li>{@code retryAttempts} (0..185, default 3), {@code maximumEventAgeSeconds} (60..86400, default 3600):
 *       the target's retry policy</li>
 *   <li>twin only: {@code catchUp} ({@code none} default, {@code latest}, {@code all}) and
 *       {@code executionNamePrefix} (default {@code nightly})</li>
 * </ul>
 */
public record ScheduleSettings(ScheduleExpression expression, ZoneId timeZone, int flexibleWindowMinutes,
                               boolean enabled, ObjectNode input, int retryAttempts, int maximumEventAgeSeconds,
                               CatchUp catchUp, String executionNamePrefix) {

    /** What {@code <aws.scheduler.scheduled-time>} looks like: UTC, seconds, {@code Z} (2022-03-22T18:59:43Z). */
    public static final DateTimeFormatter SCHEDULED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,60}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    /** The twin's stand-in for the schedule's ARN. */
    public static final String SCHEDULE_ARN_PREFIX = "arn:aws:scheduler:us-east-1:000000000000:schedule/default/";

    /** The schedule of {@code <home>/config/pipeline.json}, read and checked as by {@link #from}. */
    public static ScheduleSettings load(Path home) {
        Path file = home.resolve("config/pipeline.json");
        return from(PipelineConfig.load(file).schedule(), file.toString());
    }

    /**
     * Reads and checks the section; every problem is reported at once with its JSON location.
     *
     * @param schedule the {@code schedule} object of the configuration
     * @param source where it comes from, for messages (e.g. the file's path)
     * @throws IllegalArgumentException listing every problem
     */
    public static ScheduleSettings from(JsonNode schedule, String source) {
        List<String> problems = new ArrayList<>();
        if (schedule == null || !schedule.isObject()) {
            throw new IllegalArgumentException("invalid schedule in " + source
                    + ":\n  /schedule: must be an object {expression, timeZone, input, ...}");
        }
        ScheduleExpression expression = null;
        JsonNode e = schedule.path("expression");
        if (!e.isTextual()) {
            problems.add("/schedule/expression: must be an EventBridge Scheduler expression like 'cron(0 5 * * ? *)'");
        } else {
            try {
                expression = ScheduleExpression.parse(e.asText());
            } catch (InvalidScheduleExpressionException ex) {
                problems.add("/schedule/expression: " + ex.getMessage());
            }
        }
        ZoneId zone = null;
        JsonNode z = schedule.path("timeZone");
        if (!z.isTextual()) {
            problems.add("/schedule/timeZone: must be an IANA time zone like 'Europe/London'");
        } else {
            try {
                zone = ZoneId.of(z.asText());
                if (zone instanceof ZoneOffset || z.asText().matches("(UTC|GMT|UT)?[+-].*")) {
                    problems.add("/schedule/timeZone: '" + z.asText() + "' is an offset; use an IANA zone name like "
                            + "'Europe/London' or 'UTC' so that daylight-saving changes are followed");
                }
            } catch (DateTimeException ex) {
                problems.add("/schedule/timeZone: '" + z.asText() + "' is not a time zone; use an IANA name like 'Europe/London'");
            }
        }
        int window = integer(schedule, "flexibleWindowMinutes", 0, 1440, 0, problems);
        int retries = integer(schedule, "retryAttempts", 0, 185, 3, problems);
        int maxAge = integer(schedule, "maximumEventAgeSeconds", 60, 86_400, 3600, problems);
        JsonNode en = schedule.path("enabled");
        if (!en.isMissingNode() && !en.isBoolean()) {
            problems.add("/schedule/enabled: must be true or false");
        }
        JsonNode input = schedule.path("input");
        if (!input.isObject()) {
            problems.add("/schedule/input: must be the execution input template, a JSON object");
        } else {
            Matcher m = PLACEHOLDER.matcher(input.toString());
            while (m.find()) {
                if (!m.group(1).equals("DataBucket")) {
                    problems.add("/schedule/input: unknown placeholder ${" + m.group(1) + "}; only ${DataBucket} is "
                            + "filled in (the Scheduler itself fills <aws.scheduler.*> values)");
                }
            }
        }
        CatchUp catchUp = CatchUp.NONE;
        JsonNode c = schedule.path("catchUp");
        if (!c.isMissingNode()) {
            try {
                catchUp = CatchUp.of(c.asText());
            } catch (IllegalArgumentException ex) {
                problems.add("/schedule/catchUp: '" + c.asText() + "' must be none (default, as AWS), latest or all");
            }
        }
        String prefix = schedule.path("executionNamePrefix").asText("nightly");
        if (!PREFIX.matcher(prefix).matches()) {
            problems.add("/schedule/executionNamePrefix: '" + prefix + "' must be 1..60 of A-Z a-z 0-9 _ - "
                    + "(execution names allow no other characters)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid schedule in " + source + ":\n  " + String.join("\n  ", problems));
        }
        return new ScheduleSettings(expression, zone, window, en.asBoolean(true), (ObjectNode) input.deepCopy(),
                retries, maxAge, catchUp, prefix);
    }

    private static int integer(JsonNode node, String key, int min, int max, int dflt, List<String> problems) {
        JsonNode v = node.path(key);
        if (v.isMissingNode()) {
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            problems.add("/schedule/" + key + ": must be an integer in " + min + ".." + max + ", got " + v);
            return dflt;
        }
        return v.asInt();
    }

    /** The first fire strictly after {@code after}; {@code start} anchors a rate() (see {@link ScheduleExpression}). */
    public Optional<Instant> next(Instant after, Instant start) {
        return expression.next(after, timeZone, start).map(ZonedDateTime::toInstant);
    }

    /**
     * The fires in {@code (fromExclusive, toInclusive]}, oldest first, at most {@code limit} of them.
     */
    public List<Instant> fires(Instant fromExclusive, Instant toInclusive, Instant start, int limit) {
        List<Instant> out = new ArrayList<>();
        Instant cursor = fromExclusive;
        while (out.size() < limit) {
            Optional<Instant> next = next(cursor, start);
            if (next.isEmpty() || next.get().isAfter(toInclusive)) {
                break;
            }
            out.add(next.get());
            cursor = next.get();
        }
        return out;
    }

    /** The next {@code count} runs after {@code after}. */
    public List<ScheduledRun> upcoming(Instant after, Instant start, int count, String dataBucket) {
        return fires(after, Instant.MAX, start, count).stream().map(t -> run(t, dataBucket)).toList();
    }

    /** The execution name for a scheduled time: {@code <prefix>-yyyyMMddTHHmmZ} (UTC), e.g. nightly-20261122T0500Z. */
    public String executionName(Instant scheduledTime) {
        return executionNamePrefix + "-" + NAME_TIME.format(scheduledTime);
    }

    /**
     * When the twin invokes a fire: the scheduled time, or with a flexible time window a point within the window
     * after it. The point is derived from the scheduled time, so it is the same after a restart.
     */
    public Instant invocationTime(Instant scheduledTime) {
        if (flexibleWindowMinutes == 0) {
            return scheduledTime;
        }
        long seconds = Math.floorMod(Long.hashCode(scheduledTime.getEpochSecond() * 0x9E3779B97F4A7C15L),
                flexibleWindowMinutes * 60L);
        return scheduledTime.plus(Duration.ofSeconds(seconds));
    }

    /** The run for a scheduled time, with the input rendered as the Scheduler would send it. */
    public ScheduledRun run(Instant scheduledTime, String dataBucket) {
        String name = executionName(scheduledTime);
        String rendered = input.toString()
                .replace("${DataBucket}", dataBucket)
                .replace("<aws.scheduler.scheduled-time>", SCHEDULED_TIME.format(scheduledTime))
                .replace("<aws.scheduler.schedule-arn>", SCHEDULE_ARN_PREFIX + executionNamePrefix)
                .replace("<aws.scheduler.execution-id>", Long.toHexString(scheduledTime.getEpochSecond()))
                .replace("<aws.scheduler.attempt-number>", "1");
        return new ScheduledRun(scheduledTime, scheduledTime.atZone(timeZone), invocationTime(scheduledTime), name,
                rendered);
    }
}
