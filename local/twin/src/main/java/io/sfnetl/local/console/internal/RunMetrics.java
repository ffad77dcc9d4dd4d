package io.sfnetl.local.console.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.local.jobs.MetricsLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run's metrics for the console's chart: the functions' CloudWatch Embedded Metric Format lines that the twin
 * keeps in {@code <data-dir>/logs/functions.log} ({@link MetricsLog} parses them), those whose {@code run} member is
 * the run, streamed line by line. Thread-safe.
 */
public final class RunMetrics {
    /** At most this many points are returned (the first ones); {@code truncated} says when there were more. */
    public static final int MAX_POINTS = 20_000;

    private RunMetrics() {
    }

    /**
     * {@code {run, points: [{time, stage, chunk, values: {RowsRead...}}], totals: {<stage>: {<metric>: sum}},
     * truncated}}, points in log order (the order the invocations ended).
     *
     * @param functionLog the function log; an absent file has no points
     */
    public static ObjectNode of(Path functionLog, String run) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("run", run);
        ArrayNode points = out.putArray("points");
        Map<String, Map<String, Double>> totals = new TreeMap<>();
        boolean truncated = false;
        // The run id is in every one of its lines: a cheap test before parsing a line as JSON.
        String needle = run;
        try (BufferedReader in = Files.newBufferedReader(functionLog, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.contains(needle)) {
                    continue;
                }
                MetricsLog.Point p = MetricsLog.parse(line);
                if (p == null || !run.equals(p.run())) {
                    continue;
                }
                Map<String, Double> stage = totals.computeIfAbsent(String.valueOf(p.stage()), s -> new TreeMap<>());
                p.values().forEach((k, v) -> stage.merge(k, v, Double::sum));
                if (points.size() >= MAX_POINTS) {
                    truncated = true;
                    continue;
                }
                ObjectNode o = points.addObject();
                o.put("time", p.time().toString());
                o.put("stage", p.stage());
                if (p.chunk() != null) {
                    o.put("chunk", p.chunk());
                }
                ObjectNode values = o.putObject("values");
                p.values().forEach(values::put);
            }
        } catch (NoSuchFileException e) {
            // no invocation has logged yet
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the function log " + functionLog + ": " + e.getMessage(), e);
        }
        out.set("totals", Json.MAPPER.valueToTree(totals));
        out.put("truncated", truncated);
        return out;
    }
}
