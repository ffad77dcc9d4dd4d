package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.model.Catcher;
import io.sfnetl.asl.model.ChoiceRule;
import io.sfnetl.asl.model.ComparisonOperator;
import io.sfnetl.asl.model.DataFlow;
import io.sfnetl.asl.model.Definition;
import io.sfnetl.asl.model.MapConfig;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.Retrier;
import io.sfnetl.asl.model.State;
import io.sfnetl.asl.model.StateGraph;
import io.sfnetl.asl.model.Transition;
import io.sfnetl.asl.validation.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link Definition} model from a definition's JSON. It expects a definition the validator accepted and
 * reports, as problems, only what the local engine cannot run yet ("not supported yet by the local engine") or
 * structure it cannot read. Not thread-safe; use one per parse.
 */
public final class DefinitionParser {
    /** Resource ARN endings the engine cannot run yet. */
    private static final List<String> UNSUPPORTED_RESOURCE_SUFFIXES = List.of();
    private static final Set<String> UNSUPPORTED_STATE_FIELDS = Set.of("Credentials");
    private static final Set<String> READER_TYPES = Set.of("JSON", "JSONL", "CSV", "MANIFEST");

    private final List<Problem> problems = new ArrayList<>();
    /** A state without QueryLanguage uses the top-level one (nested states too, not their enclosing state's). */
    private QueryLanguage topLanguage = QueryLanguage.JSONPATH;

    public List<Problem> problems() {
        return problems;
    }

    /** Parses; check {@link #problems()} afterwards (the result is null when the structure is unreadable). */
    public Definition parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            problems.add(new Problem("", "a state machine definition must be a JSON object with StartAt and States"));
            return null;
        }
        QueryLanguage lang = root.has("QueryLanguage") ? language(root.get("QueryLanguage"), "/QueryLanguage", QueryLanguage.JSONPATH)
                : QueryLanguage.JSONPATH;
        topLanguage = lang;
        Long timeout = root.has("TimeoutSeconds") ? root.get("TimeoutSeconds").asLong() : null;
        StateGraph graph = graph(root, "", lang);
        String comment = root.has("Comment") ? root.get("Comment").asText() : null;
        return graph == null ? null : new Definition(graph, lang, timeout, comment);
    }

    private QueryLanguage language(JsonNode n, String at, QueryLanguage dflt) {
        try {
            return QueryLanguage.of(n.asText());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(at, e.getMessage()));
            return dflt;
        }
    }

    private StateGraph graph(JsonNode node, String at, QueryLanguage lang) {
        JsonNode states = node.get("States");
        JsonNode start = node.get("StartAt");
        if (states == null || !states.isObject() || start == null || !start.isTextual()) {
            problems.add(new Problem(at, "expected \"StartAt\" (a state name) and \"States\" (an object of states)"));
            return null;
        }
        Map<String, State> byName = new LinkedHashMap<>();
        states.fields().forEachRemaining(e -> {
            State s = state(e.getKey(), e.getValue(), at + "/States/" + ptr(e.getKey()), lang);
            if (s != null) {
                byName.put(e.getKey(), s);
            }
        });
        if (!states.has(start.asText())) {
            problems.add(new Problem(at + "/StartAt", "StartAt names \"" + start.asText() + "\", which is not in States"));
        }
        return new StateGraph(start.asText(), java.util.Collections.unmodifiableMap(byName), at);
    }

    private State state(String name, JsonNode n, String at, QueryLanguage parentLang) {
        if (!n.isObject() || !n.path("Type").isTextual()) {
            problems.add(new Problem(at, "a state must be an object with a \"Type\""));
            return null;
        }
        for (String f : UNSUPPORTED_STATE_FIELDS) {
            if (n.has(f)) {
                unsupported(at + "/" + f, "the field \"" + f + "\"");
            }
        }
        QueryLanguage lang = n.has("QueryLanguage") ? language(n.get("QueryLanguage"), at + "/QueryLanguage", parentLang) : parentLang;
        String next = n.path("Next").isTextual() ? n.get("Next").asText() : null;
        var t = new Transition(name, at, lang, next);
        DataFlow io = dataFlow(n);
        String type = n.get("Type").asText();
        return switch (type) {
            case "Pass" -> new State.Pass(t, io, n.get("Result"));
            case "Task" -> task(t, io, n, at);
            case "Choice" -> choice(t, io, n, at, lang);
            case "Wait" -> new State.Wait(t, io, seconds(n, "Seconds", "SecondsPath"), n.get("Timestamp"),
                    text(n, "TimestampPath"));
            case "Succeed" -> new State.Succeed(t, io);
            case "Fail" -> new State.Fail(t, n.get("Error"), text(n, "ErrorPath"), n.get("Cause"), text(n, "CausePath"));
            case "Parallel" -> parallel(t, io, n, at, lang);
            case "Map" -> map(t, io, n, at, lang);
            default -> {
                problems.add(new Problem(at + "/Type", "unknown state type \"" + type
                        + "\"; use Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map"));
                yield null;
            }
        };
    }

    private static DataFlow dataFlow(JsonNode n) {
        return new DataFlow(path(n, "InputPath"), n.get("Parameters"), n.get("ResultSelector"), path(n, "ResultPath"),
                path(n, "OutputPath"), n.get("Arguments"), n.get("Output"), n.get("Assign"));
    }

    /** A path field: absent = "$", JSON null = null (discard). */
    private static String path(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            return DataFlow.ROOT;
        }
        return v.isNull() ? null : v.asText();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static State.Seconds seconds(JsonNode n, String field, String pathField) {
        JsonNode v = n.get(field);
        if (v != null) {
            return v.isNumber() ? State.Seconds.of(v.asLong()) : new State.Seconds(null, null, v);
        }
        return n.has(pathField) ? new State.Seconds(null, n.get(pathField).asText(), null) : null;
    }

    private State task(Transition t, DataFlow io, JsonNode n, String at) {
        String resource = n.path("Resource").asText();
        for (String suffix : UNSUPPORTED_RESOURCE_SUFFIXES) {
            if (resource.endsWith(suffix)) {
                unsupported(at + "/Resource", "the integration pattern \"" + suffix + "\" (resource " + resource + ")");
            }
        }
        if (resource.startsWith("arn:aws:states:") && resource.contains(":activity:")) {
            unsupported(at + "/Resource", "activities (resource " + resource + ")");
        }
        return new State.Task(t, io, resource, seconds(n, "TimeoutSeconds", "TimeoutSecondsPath"),
                seconds(n, "HeartbeatSeconds", "HeartbeatSecondsPath"), retriers(n, at), catchers(n));
    }

    private List<Retrier> retriers(JsonNode n, String at) {
        var out = new ArrayList<Retrier>();
        n.path("Retry").forEach(r -> out.add(new Retrier(strings(r.get("ErrorEquals")),
                r.path("IntervalSeconds").asInt(1), r.path("MaxAttempts").asInt(3), r.path("BackoffRate").asDouble(2.0),
                r.has("MaxDelaySeconds") ? r.get("MaxDelaySeconds").asInt() : null,
                Retrier.Jitter.valueOf(r.path("JitterStrategy").asText("NONE")))));
        return List.copyOf(out);
    }

    private static List<Catcher> catchers(JsonNode n) {
        var out = new ArrayList<Catcher>();
        n.path("Catch").forEach(c -> out.add(new Catcher(strings(c.get("ErrorEquals")), c.path("Next").asText(),
                path(c, "ResultPath"), c.get("Output"), c.get("Assign"))));
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode arr) {
        var out = new ArrayList<String>();
        if (arr != null) {
            arr.forEach(e -> out.add(e.asText()));
        }
        return List.copyOf(out);
    }

    private State choice(Transition t, DataFlow io, JsonNode n, String at, QueryLanguage lang) {
        var branches = new ArrayList<ChoiceRule.Branch>();
        JsonNode choices = n.path("Choices");
        for (int i = 0; i < choices.size(); i++) {
            JsonNode c = choices.get(i);
            ChoiceRule rule = rule(c, at + "/Choices/" + i, lang);
            branches.add(new ChoiceRule.Branch(rule, c.path("Next").asText(), c.get("Assign"), c.get("Output")));
        }
        return new State.Choice(t, io, List.copyOf(branches), text(n, "Default"));
    }

    private ChoiceRule rule(JsonNode c, String at, QueryLanguage lang) {
        if (c.has("Condition")) {
            return new ChoiceRule.Condition(c.get("Condition"));
        }
        if (c.has("And")) {
            return new ChoiceRule.And(rules(c.get("And"), at + "/And", lang));
        }
        if (c.has("Or")) {
            return new ChoiceRule.Or(rules(c.get("Or"), at + "/Or", lang));
        }
        if (c.has("Not")) {
            return new ChoiceRule.Not(rule(c.get("Not"), at + "/Not", lang));
        }
        var names = c.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            var op = ComparisonOperator.named(f);
            if (op.isPresent()) {
                return new ChoiceRule.Comparison(c.path("Variable").asText(), op.get(), c.get(f));
            }
        }
        problems.add(new Problem(at, "a Choice rule needs a comparison operator (e.g. StringEquals), And, Or, Not"
                + (lang == QueryLanguage.JSONATA ? " or Condition" : "")));
        return new ChoiceRule.And(List.of());
    }

    private List<ChoiceRule> rules(JsonNode arr, String at, QueryLanguage lang) {
        var out = new ArrayList<ChoiceRule>();
        for (int i = 0; i < arr.size(); i++) {
            out.add(rule(arr.get(i), at + "/" + i, lang));
        }
        return List.copyOf(out);
    }

    private State parallel(Transition t, DataFlow io, JsonNode n, String at, QueryLanguage lang) {
        var branches = new ArrayList<StateGraph>();
        JsonNode arr = n.path("Branches");
        for (int i = 0; i < arr.size(); i++) {
            JsonNode b = arr.get(i);
            QueryLanguage bl = b.has("QueryLanguage") ? language(b.get("QueryLanguage"), at + "/Branches/" + i, topLanguage)
                    : topLanguage;
            StateGraph g = graph(b, at + "/Branches/" + i, bl);
            if (g != null) {
                branches.add(g);
            }
        }
        return new State.Parallel(t, io, List.copyOf(branches), retriers(n, at), catchers(n));
    }

    private State map(Transition t, DataFlow io, JsonNode n, String at, QueryLanguage lang) {
        String procField = n.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        JsonNode proc = n.path(procField);
        JsonNode cfg = proc.path("ProcessorConfig");
        var mode = MapConfig.Mode.valueOf(cfg.path("Mode").asText("INLINE"));
        QueryLanguage pl = proc.has("QueryLanguage") ? language(proc.get("QueryLanguage"), at + "/" + procField, topLanguage)
                : topLanguage;
        StateGraph g = graph(proc, at + "/" + procField, pl);
        MapConfig.ItemReader reader = null;
        if (n.has("ItemReader")) {
            JsonNode r = n.get("ItemReader");
            JsonNode rc = r.path("ReaderConfig");
            String inputType = text(rc, "InputType");
            String resource = r.path("Resource").asText();
            if (resource.endsWith(":s3:getObject") && (inputType == null || !READER_TYPES.contains(inputType))) {
                unsupported(at + "/ItemReader/ReaderConfig/InputType", "ItemReader InputType \"" + inputType
                        + "\" (supported: JSON, JSONL, CSV, MANIFEST)");
            } else if (!resource.endsWith(":s3:getObject") && !resource.endsWith(":s3:listObjectsV2")) {
                unsupported(at + "/ItemReader/Resource", "the ItemReader resource \"" + resource
                        + "\" (supported: arn:aws:states:::s3:getObject and arn:aws:states:::s3:listObjectsV2)");
            }
            if (rc.has("ManifestType") && !"S3_INVENTORY".equals(rc.path("ManifestType").asText())) {
                unsupported(at + "/ItemReader/ReaderConfig/ManifestType", "ManifestType \""
                        + rc.path("ManifestType").asText() + "\" (supported: S3_INVENTORY)");
            }
            if (rc.has("ItemsPointer")) {
                unsupported(at + "/ItemReader/ReaderConfig/ItemsPointer", "ReaderConfig.ItemsPointer");
            }
            reader = new MapConfig.ItemReader(resource, r.has("Parameters") ? r.get("Parameters") : r.get("Arguments"),
                    inputType, rc.path("CSVHeaderLocation").asText("FIRST_ROW"), strings(rc.get("CSVHeaders")),
                    rc.path("CSVDelimiter").asText("COMMA"), seconds(rc, "MaxItems", "MaxItemsPath"));
        }
        MapConfig.ItemBatcher batcher = null;
        if (n.has("ItemBatcher")) {
            JsonNode b = n.get("ItemBatcher");
            batcher = new MapConfig.ItemBatcher(seconds(b, "MaxItemsPerBatch", "MaxItemsPerBatchPath"),
                    seconds(b, "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"), b.get("BatchInput"));
        }
        MapConfig.ResultWriter writer = null;
        if (n.has("ResultWriter")) {
            JsonNode w = n.get("ResultWriter");
            JsonNode wc = w.path("WriterConfig");
            if (w.has("Resource") && "JSONL".equals(wc.path("OutputType").asText())) {
                unsupported(at + "/ResultWriter/WriterConfig/OutputType", "OutputType JSONL when exporting to S3");
            }
            writer = new MapConfig.ResultWriter(text(w, "Resource"),
                    w.has("Parameters") ? w.get("Parameters") : w.get("Arguments"), text(wc, "Transformation"),
                    text(wc, "OutputType"));
        }
        var config = new MapConfig(mode, text(cfg, "ExecutionType"), path(n, "ItemsPath"), n.get("Items"),
                n.has("ItemSelector") ? n.get("ItemSelector") : n.get("Parameters"),
                seconds(n, "MaxConcurrency", "MaxConcurrencyPath"), reader, batcher, writer,
                n.get("ToleratedFailurePercentage"), text(n, "ToleratedFailurePercentagePath"),
                seconds(n, "ToleratedFailureCount", "ToleratedFailureCountPath"), text(n, "Label"));
        // Map's Parameters is the legacy ItemSelector, not a state-level Parameters.
        DataFlow mapIo = new DataFlow(io.inputPath(), null, io.resultSelector(), io.resultPath(), io.outputPath(),
                io.arguments(), io.output(), io.assign());
        return g == null ? null : new State.Map(t, mapIo, g, config, retriers(n, at), catchers(n));
    }

    private void unsupported(String at, String what) {
        problems.add(new Problem(at, what + " is not supported yet by the local engine; remove it or run the "
                + "workflow on AWS"));
    }

    static String ptr(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
