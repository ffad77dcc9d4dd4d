package io.sfnetl.etl.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.storage.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * Structured log lines: one JSON object per line on stdout (CloudWatch keeps each line as one event), with
 * {@code time, level, logger, message} and context fields (run, chunk, stage, counts, positions, ids). Callers
 * pass counts and positions only: never row contents. Thread-safe.
 */
public final class JsonLog {
    private static volatile PrintStream out = System.out;
    private final String logger;

    private JsonLog(String logger) {
        this.logger = logger;
    }

    public static JsonLog get(Class<?> type) {
        return new JsonLog(type.getSimpleName());
    }

    /** Redirects every log line (tests). */
    public static void setOutput(PrintStream stream) {
        out = stream;
    }

    public void info(String message, Map<String, ?> fields) {
        log("INFO", message, fields);
    }

    public void warn(String message, Map<String, ?> fields) {
        log("WARN", message, fields);
    }

    public void error(String message, Map<String, ?> fields) {
        log("ERROR", message, fields);
    }

    /**
     * Writes one ready-made JSON object as a line on the log output (e.g. a CloudWatch Embedded Metric Format
     * document, {@link Metrics}).
     */
    public static void line(String json) {
        PrintStream o = out;
        synchronized (o) {
            o.println(json);
        }
    }

    private void log(String level, String message, Map<String, ?> fields) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("time", Instant.now().toString());
        n.put("level", level);
        n.put("logger", logger);
        n.put("message", message);
        fields.forEach((k, v) -> n.set(k, Json.MAPPER.valueToTree(v)));
        String line = n.toString();
        PrintStream o = out;
        synchronized (o) {
            o.println(line);
        }
    }
}
