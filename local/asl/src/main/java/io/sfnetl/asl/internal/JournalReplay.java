package io.sfnetl.asl.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.asl.HistoryEvent;
import io.sfnetl.asl.StateMachine;
import io.sfnetl.asl.model.State;
import io.sfnetl.asl.model.StateGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a top-level run and its Distributed Map children from one {@link Journal} file: identity, history, last
 * checkpoint, Map Runs, redrives and final status. A torn last line (the process died while writing it) is ignored.
 */
public final class JournalReplay {
    private JournalReplay() {
    }

    /**
     * Reads {@code file}.
     *
     * @return the top-level run, RUNNING when the journal has no end for it; null when the file holds no start record
     * @throws IllegalStateException when a line other than the last is not valid JSON, or a record refers to an unknown run
     */
    public static Run read(Path file, Settings settings) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the execution journal " + file + ": " + e.getMessage(), e);
        }
        Map<String, Run> runs = new HashMap<>();
        Run root = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode r;
            try {
                r = Json.read(line);
            } catch (JsonProcessingException e) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw new IllegalStateException("The execution journal " + file + " is corrupt at line " + (i + 1) + ": "
                        + e.getOriginalMessage() + "; move the file away to start without that execution", e);
            }
            String kind = r.path("k").asText();
            String arn = r.path("arn").asText();
            if (kind.equals("start")) {
                Run run = start(r, runs, root, settings, file, i);
                if (run == null) {
                    continue;
                }
                if (run.parent() == null) {
                    root = run;
                }
                runs.put(arn, run);
                continue;
            }
            Run run = runs.get(arn);
            if (run == null) {
                // A record of a child whose start was not attached (a Map Run that was never resumable).
                continue;
            }
            switch (kind) {
                case "event" -> run.history().restore(event((ObjectNode) r.get("e")));
                case "step" -> run.restoreCheckpoint(checkpoint(r));
                case "maprun" -> {
                    String state = r.path("state").asText();
                    MapRunRecord rec = run.mapRuns().get(state);
                    if (rec != null && rec.id().equals(r.path("id").asText())) {
                        rec.restoreCounts(r.path("redriveCount").asInt(), r.path("parentRedriveCount").asInt());
                    } else {
                        run.mapRuns().put(state, new MapRunRecord(r.path("id").asText(), r.path("mapRunArn").asText(),
                                r.path("size").asInt(), r.path("redriveCount").asInt(), r.path("parentRedriveCount").asInt()));
                    }
                }
                case "maprunDone" -> run.mapRuns().remove(r.path("state").asText());
                case "redrive" -> run.restoreRedrive(r.path("count").asInt(), Instant.parse(r.path("date").asText()));
                case "end" -> run.restoreEnd(ExecutionStatus.valueOf(r.path("status").asText()), text(r, "output"),
                        text(r, "error"), text(r, "cause"), r.hasNonNull("date") ? Instant.parse(r.path("date").asText()) : null);
                default -> throw new IllegalStateException("The execution journal " + file + " has an unknown record '"
                        + kind + "' at line " + (i + 1) + "; it was written by a newer version");
            }
        }
        return root;
    }

    private static Run start(JsonNode r, Map<String, Run> runs, Run root, Settings settings, Path file, int line) {
        String arn = r.path("arn").asText();
        Instant date = Instant.parse(r.path("date").asText());
        if (!r.hasNonNull("parent")) {
            StateMachine sm = StateMachine.parse(r.path("definition").asText());
            Run run = new Run(settings, arn, r.path("name").asText(), r.path("sm").asText(), r.path("smName").asText(),
                    r.get("input"), null, date);
            run.program(sm.definition().graph(), r.hasNonNull("timeout") ? r.path("timeout").asLong() : null,
                    sm.json());
            return run;
        }
        Run parent = runs.get(r.path("parent").asText());
        String mapState = r.path("mapState").asText();
        int index = r.path("index").asInt();
        MapRunRecord rec = parent == null ? null : parent.mapRuns().get(mapState);
        if (rec == null || !rec.id().equals(r.path("mapRun").asText()) || index < 0 || index >= rec.size()
                || root == null) {
            return null;
        }
        State.Map map = findMap(root.graph(), mapState);
        if (map == null) {
            throw new IllegalStateException("The execution journal " + file + " names a Map state '" + mapState
                    + "' that its definition lacks (line " + (line + 1) + ")");
        }
        Run run = new Run(settings, arn, r.path("name").asText(), r.path("sm").asText(), r.path("smName").asText(),
                r.get("input"), parent, date);
        run.program(map.processor(), null, null);
        run.mapChild(mapState, index, rec.id());
        rec.child(index, run);
        return run;
    }

    /** The Map state named {@code name} anywhere in {@code g} (Parallel branches and Map processors included). */
    static State.Map findMap(StateGraph g, String name) {
        for (State s : g.states().values()) {
            State.Map found = switch (s) {
                case State.Map m -> name.equals(m.name()) ? m : findMap(m.processor(), name);
                case State.Parallel p -> p.branches().stream().map(b -> findMap(b, name))
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                case State.Pass x -> null;
                case State.Task x -> null;
                case State.Choice x -> null;
                case State.Wait x -> null;
                case State.Succeed x -> null;
                case State.Fail x -> null;
            };
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Checkpoint checkpoint(JsonNode r) {
        Map<String, JsonNode> vars = new HashMap<>();
        r.path("vars").fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue()));
        return new Checkpoint(r.path("state").asText(), r.get("input"), java.util.Collections.unmodifiableMap(vars),
                r.path("last").asLong());
    }

    private static HistoryEvent event(ObjectNode e) {
        String detailsField = null;
        ObjectNode details = null;
        for (Iterator<String> it = e.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (f.endsWith("EventDetails")) {
                detailsField = f;
                details = (ObjectNode) e.get(f);
            }
        }
        return new HistoryEvent(e.path("id").asLong(), e.path("previousEventId").asLong(),
                Instant.parse(e.path("timestamp").asText()), e.path("type").asText(), detailsField, details);
    }

    private static String text(JsonNode r, String field) {
        return r.hasNonNull(field) ? r.get(field).asText() : null;
    }
}
