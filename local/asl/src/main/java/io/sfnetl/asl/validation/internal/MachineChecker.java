package io.sfnetl.asl.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.validation.Problem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Checks a state machine and, recursively, its Parallel branches and Map processors (states-language.net,
 * "Structure of a State Machine", "States"). One instance per validation; not thread-safe.
 */
public final class MachineChecker {
    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("StartAt", "States", "Comment", "Version",
            "TimeoutSeconds", "QueryLanguage");
    private static final Set<String> BRANCH_FIELDS = Set.of("StartAt", "States", "Comment");
    private static final long MAX_SECONDS = 99_999_999L;
    private static final int MAX_STATE_NAME = 80;

    private final Problems p = new Problems();
    private final Payloads payloads = new Payloads(p);
    private final ErrorHandling errorHandling = new ErrorHandling(p, payloads);
    private final ChoiceRules choiceRules = new ChoiceRules(p, payloads);
    private final MapFields mapFields = new MapFields(p, payloads, this);
    private final Set<String> unsupported;
    /** State names of the enclosing machines, innermost last, to explain transitions that leave a branch. */
    private final Deque<Set<String>> enclosing = new ArrayDeque<>();
    private QueryLanguage top = QueryLanguage.JSONPATH;
    /** Every state name seen so far, with its location: names are unique in the whole machine (DUPLICATE_STATE_NAME). */
    private final Map<String, String> allNames = new java.util.HashMap<>();

    public MachineChecker(Set<String> unsupported) {
        this.unsupported = unsupported;
    }

    /** Checks a whole definition and returns every problem found. */
    public List<Problem> check(JsonNode definition) {
        if (!definition.isObject()) {
            p.add("", "a state machine definition must be a JSON object with StartAt and States, found "
                    + Problems.type(definition));
            return p.list();
        }
        JsonNode ql = definition.get("QueryLanguage");
        if (ql != null && p.oneOf(ql, "/QueryLanguage", "QueryLanguage", List.of("JSONPath", "JSONata"))) {
            top = QueryLanguage.of(ql.textValue());
        }
        JsonNode version = definition.get("Version");
        if (version != null && (!version.isTextual() || !version.textValue().equals("1.0"))) {
            p.add("/Version", "'Version' must be \"1.0\", found " + version);
        }
        JsonNode timeout = definition.get("TimeoutSeconds");
        if (timeout != null) {
            p.integer(timeout, "/TimeoutSeconds", "TimeoutSeconds", 1, MAX_SECONDS);
        }
        machine(definition, "", TOP_LEVEL_FIELDS, "the top level of the state machine");
        return p.list();
    }

    /** Checks a nested machine (a Parallel branch, a Map ItemProcessor or Iterator). */
    void nested(JsonNode machine, String at, Set<String> allowedFields, String what) {
        machine(machine, at, allowedFields, "a " + what);
    }

    private void machine(JsonNode m, String at, Set<String> allowedFields, String what) {
        m.fieldNames().forEachRemaining(f -> {
            if (!allowedFields.contains(f)) {
                p.add(Problems.at(at, f), "Field '" + f + "' is not supported in " + what + "; the fields are "
                        + String.join(", ", allowedFields.stream().sorted().toList()));
            }
        });
        if (m.has("Comment")) {
            p.string(m.get("Comment"), Problems.at(at, "Comment"), "Comment");
        }
        JsonNode states = m.get("States");
        JsonNode startAt = m.get("StartAt");
        if (states == null) {
            p.add(at, "missing 'States': an object of state names to states");
        } else if (!states.isObject() || states.isEmpty()) {
            p.add(Problems.at(at, "States"), "'States' must be a non-empty object of state names to states, found "
                    + (states.isObject() ? "an empty object" : Problems.type(states)));
            states = null;
        }
        Set<String> names = new LinkedHashSet<>();
        if (states != null) {
            states.fieldNames().forEachRemaining(names::add);
        }
        if (startAt == null) {
            p.add(at, "missing 'StartAt': the name of the first state");
        } else if (p.string(startAt, Problems.at(at, "StartAt"), "StartAt") && states != null
                && !names.contains(startAt.textValue())) {
            p.add(Problems.at(at, "StartAt"), "StartAt '" + startAt.textValue() + "' is not a state of this machine"
                    + known(names));
        }
        if (states == null) {
            return;
        }
        Map<String, List<String>> edges = new LinkedHashMap<>();
        int[] brokenTransitions = {0};
        Set<String> terminal = new LinkedHashSet<>();
        enclosing.addLast(names);
        for (String name : names) {
            String sat = Problems.at(Problems.at(at, "States"), name);
            String first = allNames.putIfAbsent(name, sat);
            if (first != null) {
                p.add(sat, "duplicate state name '" + name + "' (also at " + first + "); state names must be unique in "
                        + "the whole state machine, including Parallel branches and Map processors: rename one");
            }
            if (name.length() > MAX_STATE_NAME || name.isEmpty()) {
                p.add(sat, "state name '" + name + "' must be 1 to " + MAX_STATE_NAME + " characters long");
            }
            List<String> targets = new ArrayList<>();
            edges.put(name, targets);
            JsonNode state = states.get(name);
            if (!state.isObject()) {
                p.add(sat, "a state must be an object with a 'Type', found " + Problems.type(state));
                continue;
            }
            if (isTerminal(state)) {
                terminal.add(name);
            }
            state(state, sat, (next, nat) -> {
                brokenTransitions[0]++;
                if (p.string(next, nat, "Next")) {
                    String target = next.textValue();
                    if (names.contains(target)) {
                        targets.add(target);
                        brokenTransitions[0]--;
                    } else if (enclosing.stream().anyMatch(s -> s != names && s.contains(target))) {
                        p.add(nat, "state '" + target + "' is outside this " + (at.isEmpty() ? "machine" : "branch or "
                                + "processor") + "; states in a Parallel branch or Map processor can only go to states "
                                + "of the same branch (end the branch and continue from the Parallel or Map state)");
                    } else {
                        p.add(nat, "'" + target + "' is not a state of this machine" + known(names));
                    }
                }
            });
        }
        enclosing.removeLast();
        // Unreachable or non-terminating states are usually consequences of a broken transition: report the cause only.
        if (brokenTransitions[0] == 0 && startAt != null && startAt.isTextual() && names.contains(startAt.textValue())) {
            reachability(startAt.textValue(), names, edges, terminal, at);
        }
    }

    private static boolean isTerminal(JsonNode state) {
        JsonNode type = state.get("Type");
        String t = type == null ? "" : type.asText();
        // End: true, or no Next at all (reported as such; counting it terminal avoids a second, derived problem),
        // or an unknown type (reported too).
        boolean ends = StateFields.hasTransition(t) && !state.has("Next");
        return t.equals("Succeed") || t.equals("Fail") || ends || !StateFields.TYPES.contains(t);
    }

    private void reachability(String start, Set<String> names, Map<String, List<String>> edges, Set<String> terminal,
            String at) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String s = todo.pop();
            if (seen.add(s)) {
                todo.addAll(edges.getOrDefault(s, List.of()));
            }
        }
        for (String name : names) {
            if (!seen.contains(name)) {
                p.add(Problems.at(Problems.at(at, "States"), name), "state '" + name + "' is not reachable from StartAt '"
                        + start + "'; remove it or add a Next, Default or Catch that goes to it");
            }
        }
        if (seen.stream().noneMatch(terminal::contains)) {
            p.add(Problems.at(at, "States"), "no terminal state is reachable: add a state with \"End\": true, or a "
                    + "Succeed or Fail state, so that executions can finish");
        }
    }

    private static String known(Set<String> names) {
        if (names.size() > 12) {
            return "";
        }
        return " (states: " + String.join(", ", names) + ")";
    }

    private void state(JsonNode s, String at, BiConsumer<JsonNode, String> target) {
        JsonNode typeNode = s.get("Type");
        if (typeNode == null) {
            p.add(at, "missing 'Type': one of " + String.join(", ", StateFields.TYPES));
            return;
        }
        if (!p.oneOf(typeNode, Problems.at(at, "Type"), "Type", StateFields.TYPES)) {
            return;
        }
        String type = typeNode.textValue();
        QueryLanguage language = top;
        JsonNode ql = s.get("QueryLanguage");
        if (ql != null && p.oneOf(ql, Problems.at(at, "QueryLanguage"), "QueryLanguage", List.of("JSONPath", "JSONata"))) {
            language = QueryLanguage.of(ql.textValue());
            if (top == QueryLanguage.JSONATA && language == QueryLanguage.JSONPATH) {
                p.add(Problems.at(at, "QueryLanguage"), "a state cannot use JSONPath when the state machine's QueryLanguage "
                        + "is JSONata; set the top-level QueryLanguage to JSONPath (the default) to mix languages");
            }
        }
        fields(s, at, type, language);
        if (StateFields.hasTransition(type)) {
            transition(s, at, type, target);
        }
        common(s, at, language);
        switch (type) {
            case "Task" -> task(s, at, language);
            case "Choice" -> choice(s, at, language, target);
            case "Wait" -> waitState(s, at, language);
            case "Fail" -> fail(s, at, language);
            case "Parallel" -> parallel(s, at);
            case "Map" -> mapFields.check(s, at, language);
            default -> { }
        }
        if (s.has("Retry")) {
            errorHandling.retry(s.get("Retry"), Problems.at(at, "Retry"));
        }
        if (s.has("Catch")) {
            errorHandling.catchers(s.get("Catch"), Problems.at(at, "Catch"), language, target);
        }
    }

    private void fields(JsonNode s, String at, String type, QueryLanguage language) {
        s.fieldNames().forEachRemaining(f -> {
            String fat = Problems.at(at, f);
            if (unsupported.contains(type + "." + f)) {
                p.add(fat, "Field '" + f + "' in a " + type + " state is not supported yet by the local engine; "
                        + "remove it to run the definition locally (AWS accepts it)");
            }
            if (StateFields.allowed(type, f, language)) {
                return;
            }
            if (StateFields.known(type, f)) {
                p.add(fat, language == QueryLanguage.JSONATA
                        ? "Field '" + f + "' is not supported in a JSONata state; JSONata states use Arguments and Output "
                                + "instead of InputPath, Parameters, ResultSelector, ResultPath and OutputPath, Items instead "
                                + "of ItemsPath, and {% expressions %} in place of the *Path fields"
                        : "Field '" + f + "' is only for JSONata states; set \"QueryLanguage\": \"JSONata\" on the state "
                                + "or use the JSONPath field (Parameters, ItemsPath, OutputPath...)");
            } else {
                p.add(fat, "Field '" + f + "' is not supported in a " + type + " state"
                        + (StateFields.ALL_FIELDS.contains(f) ? " (it belongs to other state types)" : "")
                        + "; remove it or fix its spelling (" + language.aslName() + " " + type + " fields: "
                        + String.join(", ", StateFields.fieldsOf(type, language)) + ")");
            }
        });
    }

    private void transition(JsonNode s, String at, String type, BiConsumer<JsonNode, String> target) {
        JsonNode next = s.get("Next");
        JsonNode end = s.get("End");
        if (end != null && !end.isBoolean()) {
            p.add(Problems.at(at, "End"), "'End' must be true, found " + Problems.type(end));
            return;
        }
        boolean isEnd = end != null && end.booleanValue();
        if (next != null && isEnd) {
            p.add(at, "a " + type + " state has either 'Next' or \"End\": true, not both");
        } else if (next == null && !isEnd) {
            p.add(at, "a " + type + " state needs 'Next' (the following state) or \"End\": true");
        } else if (end != null && !isEnd) {
            p.add(Problems.at(at, "End"), "'End' must be true when present; remove \"End\": false");
        }
        if (next != null) {
            target.accept(next, Problems.at(at, "Next"));
        }
    }

    /** Fields several state types share: InputPath, OutputPath, Parameters, ResultSelector, ResultPath, Output, Assign. */
    private void common(JsonNode s, String at, QueryLanguage language) {
        JsonNode v;
        if (language == QueryLanguage.JSONPATH) {
            if ((v = s.get("InputPath")) != null) {
                payloads.path(v, Problems.at(at, "InputPath"), "InputPath", true);
            }
            if ((v = s.get("OutputPath")) != null) {
                payloads.path(v, Problems.at(at, "OutputPath"), "OutputPath", true);
            }
            if ((v = s.get("ResultPath")) != null) {
                payloads.referencePath(v, Problems.at(at, "ResultPath"), "ResultPath", true);
            }
            if ((v = s.get("Parameters")) != null) {
                payloads.objectPayload(v, Problems.at(at, "Parameters"), "Parameters", language, false);
            }
            if ((v = s.get("ResultSelector")) != null) {
                payloads.objectPayload(v, Problems.at(at, "ResultSelector"), "ResultSelector", language, false);
            }
        } else {
            if ((v = s.get("Arguments")) != null) {
                payloads.objectPayload(v, Problems.at(at, "Arguments"), "Arguments", language, true);
            }
            if ((v = s.get("Output")) != null) {
                payloads.jsonataValue(v, Problems.at(at, "Output"));
            }
        }
        if ((v = s.get("Assign")) != null) {
            payloads.assign(v, Problems.at(at, "Assign"), language);
        }
        if ((v = s.get("Comment")) != null) {
            p.string(v, Problems.at(at, "Comment"), "Comment");
        }
    }

    private void task(JsonNode s, String at, QueryLanguage language) {
        JsonNode resource = s.get("Resource");
        if (resource == null) {
            p.add(at, "a Task state needs 'Resource': the ARN of the Lambda function, activity or service integration");
        } else if (p.string(resource, Problems.at(at, "Resource"), "Resource")) {
            String arn = resource.textValue();
            if (!arn.startsWith("arn:") && !arn.contains("${")) {
                p.add(Problems.at(at, "Resource"), "'Resource' must be an ARN such as "
                        + "\"arn:aws:states:::lambda:invoke\", found \"" + arn + "\"");
            }
            for (String u : unsupported) {
                if (u.startsWith("Resource:") && arn.contains(u.substring("Resource:".length()))) {
                    p.add(Problems.at(at, "Resource"), "resource pattern '" + u.substring("Resource:".length())
                            + "' is not supported yet by the local engine (\"" + arn + "\")");
                }
            }
        }
        JsonNode credentials = s.get("Credentials");
        if (credentials != null) {
            payloads.objectPayload(credentials, Problems.at(at, "Credentials"), "Credentials", language, false);
        }
        Long timeout = seconds(s, at, "TimeoutSeconds", language, 1);
        Long heartbeat = seconds(s, at, "HeartbeatSeconds", language, 1);
        if (heartbeat != null && heartbeat >= (timeout == null ? MAX_SECONDS : timeout)) {
            p.add(Problems.at(at, "HeartbeatSeconds"), "'HeartbeatSeconds' (" + heartbeat + ") must be smaller than "
                    + "'TimeoutSeconds' (" + (timeout == null ? MAX_SECONDS + ", the default" : timeout) + ")");
        }
    }

    /** A seconds field with its Path form; returns the literal value when it is a valid integer. */
    private Long seconds(JsonNode s, String at, String field, QueryLanguage language, long min) {
        JsonNode v = s.get(field);
        JsonNode path = s.get(field + "Path");
        if (v != null && path != null) {
            p.add(Problems.at(at, field + "Path"), "'" + field + "' and '" + field + "Path' are exclusive; keep one");
        }
        if (path != null && language == QueryLanguage.JSONPATH) {
            payloads.referencePath(path, Problems.at(at, field + "Path"), field + "Path", false);
        }
        if (v == null) {
            return null;
        }
        JsonNode n = payloads.numberOrExpression(v, Problems.at(at, field), field, language);
        return n != null && p.integer(n, Problems.at(at, field), field, min, MAX_SECONDS) ? n.longValue() : null;
    }

    private void choice(JsonNode s, String at, QueryLanguage language, BiConsumer<JsonNode, String> target) {
        JsonNode choices = s.get("Choices");
        if (choices == null) {
            p.add(at, "a Choice state needs 'Choices': a non-empty array of choice rules");
        } else {
            choiceRules.choices(choices, Problems.at(at, "Choices"), language, target);
        }
        JsonNode def = s.get("Default");
        if (def != null) {
            target.accept(def, Problems.at(at, "Default"));
        }
    }

    private void waitState(JsonNode s, String at, QueryLanguage language) {
        List<String> present = new ArrayList<>();
        for (String f : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
            if (s.has(f)) {
                present.add(f);
            }
        }
        if (present.size() != 1) {
            p.add(at, "a Wait state needs exactly one of " + (language == QueryLanguage.JSONPATH
                    ? "Seconds, Timestamp, SecondsPath, TimestampPath" : "Seconds, Timestamp")
                    + (present.isEmpty() ? "; found none" : "; found " + String.join(", ", present)));
        }
        JsonNode v;
        if ((v = s.get("Seconds")) != null) {
            JsonNode n = payloads.numberOrExpression(v, Problems.at(at, "Seconds"), "Seconds", language);
            if (n != null) {
                p.integer(n, Problems.at(at, "Seconds"), "Seconds", 0, MAX_SECONDS);
            }
        }
        if ((v = s.get("Timestamp")) != null) {
            if (language == QueryLanguage.JSONATA && v.isTextual() && JsonataSyntax.isExpression(v.textValue())) {
                payloads.jsonataValue(v, Problems.at(at, "Timestamp"));
            } else if (p.string(v, Problems.at(at, "Timestamp"), "Timestamp")
                    && !ChoiceRules.TIMESTAMP.matcher(v.textValue()).matches()) {
                p.add(Problems.at(at, "Timestamp"), "'Timestamp' must be an RFC 3339 timestamp such as "
                        + "\"2016-03-14T01:59:00Z\" (upper-case T and Z), found \"" + v.textValue() + "\"");
            }
        }
        if (language == QueryLanguage.JSONPATH) {
            for (String f : List.of("SecondsPath", "TimestampPath")) {
                if ((v = s.get(f)) != null) {
                    payloads.referencePath(v, Problems.at(at, f), f, false);
                }
            }
        }
    }

    private void fail(JsonNode s, String at, QueryLanguage language) {
        for (String f : List.of("Error", "Cause")) {
            JsonNode v = s.get(f);
            JsonNode path = s.get(f + "Path");
            if (v != null && path != null) {
                p.add(Problems.at(at, f + "Path"), "'" + f + "' and '" + f + "Path' are exclusive; keep one");
            }
            if (v != null && p.string(v, Problems.at(at, f), f) && language == QueryLanguage.JSONATA) {
                payloads.jsonataValue(v, Problems.at(at, f));
            }
            if (path != null && language == QueryLanguage.JSONPATH && p.string(path, Problems.at(at, f + "Path"), f + "Path")) {
                String error = PathSyntax.pathOrIntrinsicError(path.textValue());
                if (error != null) {
                    p.add(Problems.at(at, f + "Path"), error);
                }
            }
        }
    }

    private void parallel(JsonNode s, String at) {
        JsonNode branches = s.get("Branches");
        String bat = Problems.at(at, "Branches");
        if (branches == null) {
            p.add(at, "a Parallel state needs 'Branches': a non-empty array of {StartAt, States}");
            return;
        }
        if (!p.nonEmptyArray(branches, bat, "Branches", "{StartAt, States}")) {
            return;
        }
        for (int i = 0; i < branches.size(); i++) {
            JsonNode b = branches.get(i);
            if (p.object(b, Problems.at(bat, i), "Branches[" + i + "]")) {
                nested(b, Problems.at(bat, i), BRANCH_FIELDS, "Parallel branch");
            }
        }
    }
}
