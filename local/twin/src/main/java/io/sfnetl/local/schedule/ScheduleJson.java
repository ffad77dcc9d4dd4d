package io.sfnetl.local.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.local.schedule.internal.ScheduleState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Fire times as JSON, the one shape that {@code etl schedule --next N}, {@code etl backfill} and the console's
 * {@code /console/api/schedule} print: {@code {scheduledTime, localTime, timeZone, invocationTime?, executionName,
 * input}}. Thread-safe.
 */
public final class ScheduleJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduleJson() {
    }

    /** The rate() anchor: the twin scheduler's start if it has run (its state file), else {@code now}. */
    public static Instant start(Path stateFile, Instant now) {
        return ScheduleState.read(stateFile).map(ScheduleState::start).orElse(now);
    }

    /**
     * The next {@code count} fires at or after {@code now}.
     *
     * @param stateFile the twin scheduler's state ({@link LocalScheduler#stateFile}), for a rate()'s anchor
     * @param dataBucket what {@code ${DataBucket}} becomes in the input
     */
    public static ArrayNode upcoming(ScheduleSettings s, Path stateFile, Instant now, int count, String dataBucket) {
        Instant start = start(stateFile, now);
        ArrayNode out = JSON.createArrayNode();
        for (ScheduledRun r : s.upcoming(now.minusNanos(1), start, count, dataBucket)) {
            out.add(run(r));
        }
        return out;
    }

    /** One fire. */
    public static ObjectNode run(ScheduledRun r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("scheduledTime", ScheduleSettings.SCHEDULED_TIME.format(r.scheduledTime()));
        o.put("localTime", r.localTime().toOffsetDateTime().toString());
        o.put("timeZone", r.localTime().getZone().getId());
        if (!r.invocationTime().equals(r.scheduledTime())) {
            o.put("invocationTime", r.invocationTime().toString());
        }
        o.put("executionName", r.executionName());
        try {
            o.set("input", JSON.readTree(r.input()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o;
    }
}
