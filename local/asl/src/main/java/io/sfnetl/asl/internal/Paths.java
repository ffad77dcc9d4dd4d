package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSONPath for the ASL (states-language.net "Paths"): {@code $...} reads the input, {@code $$...} the Context object,
 * {@code $name...} a variable. Reading uses Jayway JsonPath over Jackson trees; {@link #put} applies a reference path
 * (ResultPath). Thread-safe; compiled paths are cached.
 */
public final class Paths {
    private static final Configuration CONFIG = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER)).build();
    private static final Map<String, JsonPath> CACHE = new ConcurrentHashMap<>();
    /** Per path: its field names when it is a plain {@code $.a.b}, else none. */
    private static final Map<String, String[]> SIMPLE = new ConcurrentHashMap<>();
    private static final Pattern SIMPLE_PATH = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)+");
    private static final Pattern VARIABLE = Pattern.compile("^\\$([A-Za-z_][A-Za-z0-9_]*)(.*)$", Pattern.DOTALL);
    private static final Pattern SEGMENT = Pattern.compile("\\.([^.\\[\\]]+)|\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(\\d+)\\]");

    private Paths() {
    }

    /** Reads {@code path}; a path that selects nothing yields {@link MissingNode}. */
    public static JsonNode readOrMissing(String path, JsonNode input, Scope scope) {
        if (path.startsWith("$$")) {
            return select("$" + path.substring(2), scope.context());
        }
        Matcher m = VARIABLE.matcher(path);
        if (m.matches()) {
            JsonNode value = scope.variables().get(m.group(1));
            if (value == null) {
                throw new StatesError(ErrorNames.RUNTIME, "The variable '$" + m.group(1) + "' in path '" + path
                        + "' is not defined; assign it in an earlier state with \"Assign\"");
            }
            return m.group(2).isEmpty() ? value : select("$" + m.group(2), value);
        }
        return select(path, input);
    }

    /** Reads {@code path}, failing with States.Runtime naming {@code what} (e.g. "InputPath") when nothing is there. */
    public static JsonNode read(String path, JsonNode input, Scope scope, String what) {
        JsonNode v = readOrMissing(path, input, scope);
        if (v.isMissingNode()) {
            throw new StatesError(ErrorNames.RUNTIME, "An error occurred while executing the state '" + scope.stateName()
                    + "'. Invalid path '" + path + "' : No results for path: " + path + " (" + what + ") in '"
                    + abbreviate(Json.write(input)) + "'");
        }
        return v;
    }

    private static JsonNode select(String path, JsonNode doc) {
        if (path.equals("$")) {
            return doc;
        }
        String[] fields = SIMPLE.computeIfAbsent(path, Paths::simpleFields);
        if (fields.length > 0) {
            // $.a.b over objects that have the fields: what Jayway finds, without its evaluation machinery
            JsonNode cur = doc;
            for (int i = 0; i < fields.length && cur != null; i++) {
                cur = cur.isObject() ? cur.get(fields[i]) : null;
            }
            if (cur != null) {
                return cur;
            }
        }
        JsonPath compiled;
        try {
            compiled = CACHE.computeIfAbsent(path, JsonPath::compile);
        } catch (InvalidPathException e) {
            throw new StatesError(ErrorNames.RUNTIME, "Invalid JSONPath '" + path + "': " + e.getMessage());
        }
        try {
            Object r = compiled.read(doc, CONFIG);
            if (r == null) {
                return Json.NODES.nullNode();
            }
            return r instanceof JsonNode n ? n : Json.MAPPER.valueToTree(r);
        } catch (PathNotFoundException e) {
            return MissingNode.getInstance();
        }
    }

    private static String[] simpleFields(String path) {
        return SIMPLE_PATH.matcher(path).matches() ? path.substring(2).split("\\.") : new String[0];
    }

    /**
     * Applies ResultPath: returns {@code input} with {@code value} placed at the reference path {@code refPath}
     * ({@code "$"} replaces the input; {@code null} keeps the input unchanged). The input is not modified.
     *
     * @throws StatesError States.ResultPathMatchFailure when the path cannot be applied to the input
     */
    public static JsonNode put(String refPath, JsonNode input, JsonNode value) {
        if (refPath == null) {
            return input;
        }
        if (refPath.equals("$")) {
            return value;
        }
        List<Object> segments = segments(refPath);
        if (!input.isObject() && !(input.isArray() && segments.getFirst() instanceof Integer)) {
            throw new StatesError(ErrorNames.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath '" + refPath
                    + "' to input '" + abbreviate(Json.write(input)) + "': the input is " + Json.kind(input)
                    + ", not an object");
        }
        JsonNode root = input.deepCopy();
        JsonNode cur = root;
        for (int i = 0; i < segments.size(); i++) {
            Object seg = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (seg instanceof String field) {
                if (!cur.isObject()) {
                    throw mismatch(refPath, input, field);
                }
                ObjectNode o = (ObjectNode) cur;
                if (last) {
                    o.set(field, value);
                } else {
                    JsonNode child = o.get(field);
                    if (child == null || child.isNull() || !(child.isContainerNode())) {
                        child = o.putObject(field);
                    }
                    cur = child;
                }
            } else {
                int index = (Integer) seg;
                if (!cur.isArray() || index >= cur.size()) {
                    throw mismatch(refPath, input, "[" + index + "]");
                }
                if (last) {
                    ((ArrayNode) cur).set(index, value);
                } else {
                    cur = cur.get(index);
                }
            }
        }
        return root;
    }

    private static StatesError mismatch(String refPath, JsonNode input, String at) {
        return new StatesError(ErrorNames.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath '" + refPath
                + "' to input '" + abbreviate(Json.write(input)) + "': cannot set '" + at + "'");
    }

    /** The segments of a reference path: field names (String) and array indexes (Integer). */
    static List<Object> segments(String refPath) {
        if (!refPath.startsWith("$")) {
            throw new StatesError(ErrorNames.RUNTIME, "A reference path must start with '$': " + refPath);
        }
        var out = new ArrayList<Object>();
        Matcher m = SEGMENT.matcher(refPath);
        int pos = 1;
        while (pos < refPath.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new StatesError(ErrorNames.RUNTIME, "Invalid reference path '" + refPath + "' at position " + pos
                        + "; use $.field, $['field'] or $.list[0]");
            }
            if (m.group(1) != null) {
                out.add(m.group(1));
            } else if (m.group(2) != null) {
                out.add(m.group(2).replaceAll("\\\\(.)", "$1"));
            } else {
                out.add(Integer.parseInt(m.group(3)));
            }
            pos = m.end();
        }
        return out;
    }

    static String abbreviate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000) + "...";
    }
}
