package io.sfnetl.asl.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.internal.JsonSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Step Functions Local mock configuration file ({@code MockConfigFile.json}), in exactly the format of the
 * Step Functions developer guide, "Configuration file for mocked service integrations":
 *
 * <pre>{@code
 * { "StateMachines": { "<state machine name>": { "TestCases": { "<test case>": { "<state name>": "<response name>" } } } },
 *   "MockedResponses": { "<response name>": {
 *       "0":   { "Return": <any JSON> },
 *       "1-2": { "Throw": { "Error": "...", "Cause": "..." } } } } }
 * }</pre>
 *
 * <p>Keys of a mocked response are zero-based invocation numbers or inclusive ranges {@code "N-M"}. An invocation
 * number that no key covers yields {@link MockResponse.NoEntry}, on which the engine fails the execution as Step
 * Functions Local does. Invocation numbers are counted per state across the whole execution (retries and Map
 * iterations included) by the caller; this class only maps numbers to responses.
 *
 * <p>Parsing checks the whole structure and reports every problem at once with its JSON Pointer location
 * ({@link MockConfigException}). Instances are immutable and thread-safe.
 */
public final class MockConfig {

    private static final ObjectMapper JSON = JsonSupport.STRICT;
    private static final Pattern KEY = Pattern.compile("(0|[1-9][0-9]{0,8})(?:-(0|[1-9][0-9]{0,8}))?");

    private final String sourceName;
    /** state machine name → test case name → test case. */
    private final Map<String, Map<String, TestCase>> stateMachines;

    private MockConfig(String sourceName, Map<String, Map<String, TestCase>> stateMachines) {
        this.sourceName = sourceName;
        this.stateMachines = stateMachines;
    }

    /**
     * Parses a mock configuration file.
     *
     * @throws MockConfigException if the file cannot be read, is not JSON, or does not follow the format
     */
    public static MockConfig parse(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new MockConfigException("Cannot read mock configuration file " + file + ": " + e.getMessage()
                    + ". Check the path given to --mock-config.", e);
        }
        return parse(json, file.toString());
    }

    /**
     * Parses mock configuration JSON.
     *
     * @param sourceName names the source in error messages (usually the file name)
     * @throws MockConfigException if the text is not JSON or does not follow the format
     */
    public static MockConfig parse(String json, String sourceName) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MockConfigException(sourceName + ": " + JsonSupport.parseError(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new MockConfigException(sourceName + ": the file is empty; expected an object with "
                    + "\"StateMachines\" and \"MockedResponses\"");
        }
        var problems = new ArrayList<String>();
        var responses = parseResponses(root, problems);
        var machines = parseStateMachines(root, responses, problems);
        if (!problems.isEmpty()) {
            throw new MockConfigException(sourceName + ": invalid mock configuration:\n  " + String.join("\n  ", problems));
        }
        return new MockConfig(sourceName, machines);
    }

    /** The source this configuration was parsed from (file name), as given to {@code parse}. */
    public String sourceName() {
        return sourceName;
    }

    /** The test case {@code testCaseName} of {@code stateMachineName}, or empty if the file does not define it. */
    public Optional<TestCase> testCase(String stateMachineName, String testCaseName) {
        var cases = stateMachines.get(stateMachineName);
        return cases == null ? Optional.empty() : Optional.ofNullable(cases.get(testCaseName));
    }

    /** The names of the state machines this file configures, in file order. */
    public List<String> stateMachineNames() {
        return List.copyOf(stateMachines.keySet());
    }

    /** The test case names of {@code stateMachineName}, in file order; empty if unknown. */
    public List<String> testCaseNames(String stateMachineName) {
        var cases = stateMachines.get(stateMachineName);
        return cases == null ? List.of() : List.copyOf(cases.keySet());
    }

    private static Map<String, MockedResponse> parseResponses(JsonNode root, List<String> problems) {
        var result = new LinkedHashMap<String, MockedResponse>();
        if (!root.isObject()) {
            problems.add("/: expected a JSON object with \"StateMachines\" and \"MockedResponses\", found " + type(root));
            return result;
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("StateMachines") && !name.equals("MockedResponses")) {
                problems.add("/" + ptr(name) + ": unknown field; a mock configuration has only \"StateMachines\" "
                        + "and \"MockedResponses\"");
            }
        });
        JsonNode all = root.get("MockedResponses");
        if (all == null) {
            problems.add("/MockedResponses: missing; add an object of named mocked responses");
            return result;
        }
        if (!all.isObject()) {
            problems.add("/MockedResponses: expected an object, found " + type(all));
            return result;
        }
        all.fields().forEachRemaining(e -> {
            String at = "/MockedResponses/" + ptr(e.getKey());
            var r = parseResponse(e.getKey(), at, e.getValue(), problems);
            if (r != null) {
                result.put(e.getKey(), r);
            }
        });
        return result;
    }

    private static MockedResponse parseResponse(String name, String at, JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add(at + ": expected an object whose keys are invocation numbers (\"0\") or ranges (\"1-2\"), found "
                    + type(node));
            return null;
        }
        if (node.isEmpty()) {
            problems.add(at + ": no invocations defined; add at least \"0\": {\"Return\": ...}");
            return null;
        }
        var entries = new ArrayList<MockedResponse.Entry>();
        node.fields().forEachRemaining(e -> {
            String key = e.getKey();
            String kat = at + "/" + ptr(key);
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                problems.add(kat + ": invalid key \"" + key + "\"; use a zero-based invocation number (\"0\") or an "
                        + "inclusive range (\"1-2\")");
                return;
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (to < from) {
                problems.add(kat + ": range end " + to + " is before its start " + from + "; write \"" + to + "-" + from + "\"");
                return;
            }
            MockResponse response = parseEntry(kat, e.getValue(), problems);
            if (response != null) {
                entries.add(new MockedResponse.Entry(from, to, key, response));
            }
        });
        entries.sort(Comparator.comparingInt(MockedResponse.Entry::from));
        for (int i = 1; i < entries.size(); i++) {
            var prev = entries.get(i - 1);
            var cur = entries.get(i);
            if (cur.from() <= prev.to()) {
                problems.add(at + "/" + ptr(cur.key()) + ": invocations \"" + cur.key() + "\" overlap \"" + prev.key()
                        + "\"; each invocation number may appear in one key only");
            }
        }
        return new MockedResponse(name, List.copyOf(entries));
    }

    private static MockResponse parseEntry(String at, JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add(at + ": expected {\"Return\": ...} or {\"Throw\": {\"Error\": ..., \"Cause\": ...}}, found " + type(node));
            return null;
        }
        boolean hasReturn = node.has("Return");
        boolean hasThrow = node.has("Throw");
        var others = new ArrayList<String>();
        node.fieldNames().forEachRemaining(f -> {
            if (!f.equals("Return") && !f.equals("Throw")) {
                others.add(f);
            }
        });
        if (!others.isEmpty()) {
            problems.add(at + "/" + ptr(others.get(0)) + ": unknown field \"" + others.get(0)
                    + "\"; an invocation holds exactly one of \"Return\" or \"Throw\"");
            return null;
        }
        if (hasReturn == hasThrow) {
            problems.add(at + ": " + (hasReturn ? "both \"Return\" and \"Throw\"" : "neither \"Return\" nor \"Throw\"")
                    + "; an invocation holds exactly one of them");
            return null;
        }
        if (hasReturn) {
            return new MockResponse.Return(node.get("Return").deepCopy());
        }
        JsonNode t = node.get("Throw");
        String tat = at + "/Throw";
        if (!t.isObject()) {
            problems.add(tat + ": expected {\"Error\": \"...\", \"Cause\": \"...\"}, found " + type(t));
            return null;
        }
        boolean ok = true;
        var extra = new ArrayList<String>();
        t.fieldNames().forEachRemaining(f -> {
            if (!f.equals("Error") && !f.equals("Cause")) {
                extra.add(f);
            }
        });
        for (String f : extra) {
            problems.add(tat + "/" + ptr(f) + ": unknown field; \"Throw\" holds only \"Error\" and \"Cause\"");
            ok = false;
        }
        JsonNode error = t.get("Error");
        if (error == null || !error.isTextual() || error.asText().isEmpty()) {
            problems.add(tat + "/Error: " + (error == null ? "missing" : "expected a non-empty string, found " + type(error))
                    + "; give the error name a Retry or Catch matches, e.g. \"Lambda.ServiceException\"");
            ok = false;
        }
        JsonNode cause = t.get("Cause");
        if (cause != null && !cause.isTextual()) {
            problems.add(tat + "/Cause: expected a string, found " + type(cause));
            ok = false;
        }
        return ok ? new MockResponse.Throw(error.asText(), cause == null ? "" : cause.asText()) : null;
    }

    private static Map<String, Map<String, TestCase>> parseStateMachines(JsonNode root,
            Map<String, MockedResponse> responses, List<String> problems) {
        var result = new LinkedHashMap<String, Map<String, TestCase>>();
        if (!root.isObject()) {
            return result;
        }
        JsonNode machines = root.get("StateMachines");
        if (machines == null) {
            problems.add("/StateMachines: missing; add an object of state machine names to their \"TestCases\"");
            return result;
        }
        if (!machines.isObject()) {
            problems.add("/StateMachines: expected an object, found " + type(machines));
            return result;
        }
        machines.fields().forEachRemaining(m -> {
            String at = "/StateMachines/" + ptr(m.getKey());
            JsonNode machine = m.getValue();
            if (!machine.isObject()) {
                problems.add(at + ": expected an object with \"TestCases\", found " + type(machine));
                return;
            }
            machine.fieldNames().forEachRemaining(f -> {
                if (!f.equals("TestCases")) {
                    problems.add(at + "/" + ptr(f) + ": unknown field; a state machine entry holds only \"TestCases\"");
                }
            });
            JsonNode cases = machine.get("TestCases");
            if (cases == null || !cases.isObject()) {
                problems.add(at + "/TestCases: " + (cases == null ? "missing" : "expected an object, found " + type(cases))
                        + "; map test case names to {\"<state name>\": \"<mocked response name>\"}");
                return;
            }
            var byName = new LinkedHashMap<String, TestCase>();
            cases.fields().forEachRemaining(c -> {
                String cat = at + "/TestCases/" + ptr(c.getKey());
                if (!c.getValue().isObject()) {
                    problems.add(cat + ": expected an object mapping state names to mocked response names, found "
                            + type(c.getValue()));
                    return;
                }
                var states = new LinkedHashMap<String, MockedResponse>();
                c.getValue().fields().forEachRemaining(s -> {
                    String sat = cat + "/" + ptr(s.getKey());
                    if (!s.getValue().isTextual()) {
                        problems.add(sat + ": expected the name of a mocked response (a string), found " + type(s.getValue()));
                        return;
                    }
                    String responseName = s.getValue().asText();
                    MockedResponse r = responses.get(responseName);
                    if (r == null) {
                        problems.add(sat + ": mocked response \"" + responseName + "\" is not defined; add it under "
                                + "\"MockedResponses\" or fix the name" + suggestion(responseName, responses.keySet()));
                        return;
                    }
                    states.put(s.getKey(), r);
                });
                byName.put(c.getKey(), new TestCase(m.getKey(), c.getKey(), Map.copyOf(states)));
            });
            result.put(m.getKey(), java.util.Collections.unmodifiableMap(byName));
        });
        return java.util.Collections.unmodifiableMap(result);
    }

    private static String suggestion(String name, java.util.Set<String> known) {
        for (String k : known) {
            if (k.equalsIgnoreCase(name)) {
                return " (did you mean \"" + k + "\"?)";
            }
        }
        return known.isEmpty() ? "" : " (defined: " + String.join(", ", known) + ")";
    }

    private static String type(JsonNode n) {
        return JsonSupport.typeName(n);
    }

    private static String ptr(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** A named mocked response: its invocation entries sorted by first invocation number. */
    private record MockedResponse(String name, List<Entry> entries) {
        record Entry(int from, int to, String key, MockResponse response) {
        }

        MockResponse at(int invocation) {
            for (Entry e : entries) {
                if (invocation >= e.from() && invocation <= e.to()) {
                    return e.response();
                }
            }
            return null;
        }

        String keys() {
            return String.join(", ", entries.stream().map(e -> "\"" + e.key() + "\"").toList());
        }
    }

    /** One test case of one state machine: the states it mocks and their responses. Immutable and thread-safe. */
    public static final class TestCase {
        private final String stateMachineName;
        private final String name;
        private final Map<String, MockedResponse> states;

        private TestCase(String stateMachineName, String name, Map<String, MockedResponse> states) {
            this.stateMachineName = stateMachineName;
            this.name = name;
            this.states = states;
        }

        /** The test case's name. */
        public String name() {
            return name;
        }

        /** The state machine name this test case belongs to. */
        public String stateMachineName() {
            return stateMachineName;
        }

        /** True if this test case mocks {@code stateName}; a state not mocked calls its real resource. */
        public boolean mocks(String stateName) {
            return states.containsKey(stateName);
        }

        /**
         * The response for the {@code invocationIndex}-th (zero-based) invocation of {@code stateName}.
         *
         * @return {@link MockResponse.Return} (a fresh copy the caller may modify) or {@link MockResponse.Throw} from the file, or {@link MockResponse.NoEntry}
         *     when the state is not mocked or no key covers the invocation number
         */
        public MockResponse response(String stateName, int invocationIndex) {
            MockedResponse r = states.get(stateName);
            if (r == null) {
                return new MockResponse.NoEntry("State '" + stateName + "' is not mocked in test case '" + name
                        + "' of state machine '" + stateMachineName + "'");
            }
            MockResponse found = invocationIndex < 0 ? null : r.at(invocationIndex);
            if (found instanceof MockResponse.Return(var value)) {
                // Jackson trees are mutable: each caller gets its own copy so the config stays immutable.
                return new MockResponse.Return(value.deepCopy());
            }
            if (found != null) {
                return found;
            }
            return new MockResponse.NoEntry("No mocked response for invocation " + invocationIndex + " of state '"
                    + stateName + "': mocked response '" + r.name() + "' (test case '" + name + "' of state machine '"
                    + stateMachineName + "') defines invocations " + r.keys() + " only; add a key covering "
                    + invocationIndex + " (invocations count from 0, retries and Map iterations included)");
        }

        @Override
        public String toString() {
            return stateMachineName + "#" + name + " " + states.keySet();
        }
    }
}
