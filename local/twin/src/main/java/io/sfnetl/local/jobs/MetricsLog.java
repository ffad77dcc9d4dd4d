package io.sfnetl.local.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.storage.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The twin's side of the functions' metrics: the CloudWatch Embedded Metric Format lines (those with an {@code _aws}
 * member) among the function log lines ({@code <data-dir>/logs/functions.log}), read back as points for the console
 * and the CLI. Other lines are skipped, as CloudWatch skips them. Thread-safe.
 */
public final class MetricsLog {
    private MetricsLog() {
    }

    /**
     * One EMF line.
     *
     * @param time the document's {@code _aws.Timestamp}
     * @param dataset the {@code dataset} dimension
     * @param stage the {@code stage} dimension
     * @param run the {@code run} member, or null
     * @param chunk the {@code chunk} member, or null
     * @param values every metric the document declares, by name
     */
    public record Point(Instant time, String dataset, String stage, String run, String chunk,
                        Map<String, Double> values) {
    }

    /** Every EMF point of a log file, in file order; an absent file has none. */
    public static List<Point> read(Path functionLog) {
        List<Point> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(functionLog, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Point p = parse(line);
                if (p != null) {
                    out.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the function log " + functionLog + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The point of one log line, or null when it is not an EMF document. */
    public static Point parse(String line) {
        if (!line.startsWith("{") || !line.contains("\"_aws\"")) {
            return null;
        }
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            return null;
        }
        JsonNode aws = doc.path("_aws");
        if (!aws.path("CloudWatchMetrics").isArray()) {
            return null;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode directive : aws.path("CloudWatchMetrics")) {
            for (JsonNode m : directive.path("Metrics")) {
                JsonNode v = doc.get(m.path("Name").asText());
                if (v != null && v.isNumber()) {
                    values.put(m.path("Name").asText(), v.asDouble());
                }
            }
        }
        return new Point(Instant.ofEpochMilli(aws.path("Timestamp").asLong()), doc.path("dataset").asText(null),
                doc.path("stage").asText(null), doc.path("run").asText(null), doc.path("chunk").asText(null), values);
    }

    /** The sum of one metric over the points of a run and stage (e.g. rows loaded by run "night-a"). */
    public static double sum(List<Point> points, String run, String stage, String metric) {
        return points.stream().filter(p -> run.equals(p.run()) && stage.equals(p.stage()))
                .mapToDouble(p -> p.values().getOrDefault(metric, 0.0)).sum();
    }
}
