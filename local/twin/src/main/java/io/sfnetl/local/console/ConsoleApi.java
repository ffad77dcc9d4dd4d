package io.sfnetl.local.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sfnetl.etl.job.PrepareInput;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.local.console.internal.RejectsPreview;
import io.sfnetl.local.console.internal.RunMetrics;
import io.sfnetl.local.jobs.JobRecordsReader;
import io.sfnetl.local.schedule.ExecutionStarter;
import io.sfnetl.local.schedule.LocalScheduler;
import io.sfnetl.local.schedule.ScheduleJson;
import io.sfnetl.local.schedule.ScheduleSettings;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's read-only ETL endpoint under {@value #PATH}, served by the twin next to the Step Functions API (same
 * server, 127.0.0.1, {@link LoopbackGuard}); GET and HEAD only, JSON answers with the console's security headers:
 * <ul>
 *   <li>{@code job/<run>}: the run's job record as stored (what {@code etl job RUN --json} prints);</li>
 *   <li>{@code rejects/<run>?limit=N}: the first N (1..200, default 20) rejects with their reasons, records masked
 *   as the reject files store them;</li>
 *   <li>{@code metrics/<run>}: the run's EMF metric points from the function log, and their totals per stage;</li>
 *   <li>{@code schedule?count=N}: the schedule, its next N (1..50, default 5) fires and the past scheduled runs.</li>
 * </ul>
 * An unknown run is 404 and every error is {@code {"error": <name>, "message": ...}}. Until the twin gives it its
 * stores ({@link Console#serveData}), every path is 404: a plain Step Functions server has no ETL data. Thread-safe.
 */
public final class ConsoleApi implements HttpHandler {
    public static final String PATH = "/console/api/";
    public static final int DEFAULT_REJECTS = 20;
    public static final int MAX_REJECTS = 200;
    public static final int DEFAULT_FIRES = 5;
    public static final int MAX_FIRES = 50;
    /** How far back past scheduled runs are listed, and how many. */
    public static final Duration PAST_RUNS_WINDOW = Duration.ofDays(30);
    public static final int MAX_PAST_RUNS = 50;
    public static final String JSON_TYPE = "application/json; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApi.class);

    private volatile ConsoleData data;

    void serve(ConsoleData stores) {
        this.data = stores;
    }

    /** An answer other than 200: its HTTP status, error name and message. */
    static final class ApiError extends RuntimeException {
        final int status;
        final String name;

        ApiError(int status, String name, String message) {
            super(message);
            this.status = status;
            this.name = name;
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ConsoleHandler.SECURITY_HEADERS.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            int status = 200;
            Object body;
            try {
                body = answer(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery());
            } catch (ApiError e) {
                status = e.status;
                body = error(e.name, e.getMessage());
                if (status == 405) {
                    ex.getResponseHeaders().set("Allow", "GET, HEAD");
                }
            } catch (RuntimeException e) {
                LOG.error("console endpoint {} failed", ex.getRequestURI(), e);
                status = 500;
                body = error("InternalFailure", "The twin failed to answer " + ex.getRequestURI().getRawPath() + ": "
                        + e.getMessage());
            }
            ConsoleHandler.send(ex, status, JSON_TYPE, Json.MAPPER.writeValueAsBytes(body));
        }
    }

    /** The answer to a request, or an {@link ApiError}. */
    Object answer(String method, String rawPath, String rawQuery) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new ApiError(405, "MethodNotAllowed", "The console's ETL endpoint is read-only: " + method
                    + " is not allowed; use GET");
        }
        ConsoleData d = data;
        if (d == null) {
            throw new ApiError(404, "NoEtlData", "This server has no ETL data: the console's job, rejects, metrics "
                    + "and schedule views need the local twin (etl local up or etl console)");
        }
        String rest = rawPath.startsWith(PATH) ? rawPath.substring(PATH.length()) : "";
        String[] parts = rest.split("/", -1);
        Map<String, String> query = query(rawQuery);
        if (parts.length == 1 && parts[0].equals("schedule")) {
            return schedule(d, bounded(query, "count", DEFAULT_FIRES, MAX_FIRES));
        }
        if (parts.length == 2 && java.util.Set.of("job", "rejects", "metrics").contains(parts[0])) {
            String run = run(parts[1]);
            return switch (parts[0]) {
                case "job" -> job(d, run).orElseThrow(() -> unknownRun(d, run));
                case "rejects" -> rejects(d, run, bounded(query, "limit", DEFAULT_REJECTS, MAX_REJECTS));
                default -> metrics(d, run);
            };
        }
        throw new ApiError(404, "NotFound", "No such console endpoint: " + rawPath + " (there are " + PATH
                + "job/<run>, " + PATH + "rejects/<run>?limit=N, " + PATH + "metrics/<run> and " + PATH
                + "schedule?count=N)");
    }

    private static String run(String raw) {
        String run = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        if (!PrepareInput.RUN_ID.matcher(run).matches()) {
            throw new ApiError(400, "InvalidRunId", "'" + run + "' is not a run id: 1..80 of A-Z a-z 0-9 _ . -, "
                    + "starting with a letter or digit (the execution name unless the input set runId)");
        }
        return run;
    }

    private static ApiError unknownRun(ConsoleData d, String run) {
        return new ApiError(404, "RunNotFound", "No job record for run '" + run + "' in table " + d.jobsTable()
                + " of the local twin; a run has one once Prepare has started it (etl jobs lists them)");
    }

    private static Optional<ObjectNode> job(ConsoleData d, String run) {
        return new JobRecordsReader(d.dynamo(), d.jobsTable()).get(run);
    }

    private static ObjectNode rejects(ConsoleData d, String run, int limit) {
        ObjectNode preview = RejectsPreview.first(d.s3(), d.bucket(), run, limit);
        if (preview != null) {
            return preview;
        }
        job(d, run).orElseThrow(() -> unknownRun(d, run));
        ObjectNode none = Json.MAPPER.createObjectNode();
        none.put("run", run);
        none.put("files", "none");
        none.putArray("rejects");
        none.put("more", false);
        return none;
    }

    private static ObjectNode metrics(ConsoleData d, String run) {
        if (d.functionLog() == null) {
            job(d, run).orElseThrow(() -> unknownRun(d, run));
            ObjectNode none = Json.MAPPER.createObjectNode();
            none.put("run", run);
            none.putArray("points");
            none.putObject("totals");
            none.put("truncated", false);
            none.put("note", "The twin runs in memory (--ephemeral) and keeps no function log, so no metrics");
            return none;
        }
        ObjectNode m = RunMetrics.of(d.functionLog(), run);
        if (m.path("points").isEmpty()) {
            job(d, run).orElseThrow(() -> unknownRun(d, run));
        }
        return m;
    }

    private static ObjectNode schedule(ConsoleData d, int count) {
        ScheduleSettings s = ScheduleSettings.load(d.home());
        Instant now = Instant.now();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("expression", s.expression().text());
        o.put("timeZone", s.timeZone().getId());
        o.put("enabled", s.enabled());
        o.put("executionNamePrefix", s.executionNamePrefix());
        o.put("catchUp", s.catchUp().label());
        o.set("upcoming", ScheduleJson.upcoming(s, LocalScheduler.stateFile(d.home(), d.dataDir(), s), now, count,
                d.bucket()));
        ExecutionStarter executions = d.executions();
        if (executions != null) {
            ArrayNode past = o.putArray("past");
            for (ExecutionStarter.PastExecution e : executions.scheduledSince(now.minus(PAST_RUNS_WINDOW))) {
                if (past.size() >= MAX_PAST_RUNS) {
                    break;
                }
                ObjectNode p = past.addObject();
                p.put("name", e.name());
                p.put("executionArn", e.executionArn());
                p.put("status", e.status());
                p.put("startDate", e.startDate().toString());
                e.scheduledTime().ifPresent(t -> p.put("scheduledTime", ScheduleSettings.SCHEDULED_TIME.format(t)));
            }
        }
        return o;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static int bounded(Map<String, String> query, String name, int dflt, int max) {
        String v = query.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiError(400, "InvalidParameter", "'" + name + "' must be an integer 1.." + max + ", got '" + v + "'");
    }

    private static ObjectNode error(String name, String message) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("error", name);
        o.put("message", message);
        return o;
    }
}
