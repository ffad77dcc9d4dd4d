package io.sfnetl.local.schedule.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * What the twin's scheduler remembers across restarts, in one small JSON file: the schedule it ran (expression and
 * zone; a changed schedule starts afresh, like a new EventBridge schedule), when it started (a rate's anchor) and the
 * last scheduled time it has dealt with (started, found started, or skipped). Written atomically (temp file + move).
 *
 * @param expression the expression text
 * @param timeZone the zone id
 * @param start when the schedule started
 * @param lastScheduledTime the newest scheduled time dealt with
 */
public record ScheduleState(String expression, String timeZone, Instant start, Instant lastScheduledTime) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Optional<ScheduleState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return Optional.of(new ScheduleState(n.path("expression").asText(), n.path("timeZone").asText(),
                    Instant.parse(n.path("start").asText()), Instant.parse(n.path("lastScheduledTime").asText())));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the scheduler's state file " + file + " is unreadable (" + e.getMessage()
                    + "); delete it to start the schedule afresh (missed fires will not be caught up)", e);
        }
    }

    public ScheduleState withLast(Instant last) {
        return new ScheduleState(expression, timeZone, start, last);
    }

    public void write(Path file) {
        ObjectNode n = JSON.createObjectNode().put("expression", expression).put("timeZone", timeZone)
                .put("start", start.toString()).put("lastScheduledTime", lastScheduledTime.toString());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scheduler's state file " + file + ": " + e.getMessage(), e);
        }
    }
}
