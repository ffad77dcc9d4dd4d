package io.sfnetl.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.internal.DefinitionParser;
import io.sfnetl.asl.internal.Json;
import io.sfnetl.asl.model.Definition;
import io.sfnetl.asl.validation.DefinitionValidator;
import io.sfnetl.asl.validation.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated, parsed state machine, ready to run on an {@link Engine}. Immutable and thread-safe.
 *
 * <p>{@link #parse} runs the {@link DefinitionValidator} first (as CreateStateMachine does), then builds the model;
 * fields the local engine cannot run yet are reported as problems "not supported yet by the local engine".
 */
public final class StateMachine {
    /** The name used in ARNs when none is given. */
    public static final String DEFAULT_NAME = "StateMachine";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:-]+)\\}");

    private final Definition definition;
    private final String json;
    private final String name;

    private StateMachine(Definition definition, String json, String name) {
        this.definition = definition;
        this.json = json;
        this.name = name;
    }

    /** Parses and validates a definition. @throws InvalidDefinitionException with every problem */
    public static StateMachine parse(String definitionJson) {
        return parse(definitionJson, Map.of());
    }

    /**
     * Fills {@code ${Name}} placeholders inside JSON strings from {@code substitutions} (as CDK's
     * definitionSubstitutions do; unknown placeholders are left as they are), then parses and validates.
     *
     * @throws InvalidDefinitionException with every problem found
     */
    public static StateMachine parse(String definitionJson, Map<String, String> substitutions) {
        JsonNode root;
        try {
            root = Json.read(definitionJson);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new InvalidDefinitionException(List.of(new Problem("", "invalid JSON"
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()) + ": "
                    + e.getOriginalMessage())));
        }
        if (!substitutions.isEmpty()) {
            root = substitute(root, substitutions);
        }
        var problems = new ArrayList<>(validate(root));
        var parser = new DefinitionParser();
        Definition d = problems.isEmpty() ? parser.parse(root) : null;
        problems.addAll(parser.problems());
        if (!problems.isEmpty() || d == null) {
            throw new InvalidDefinitionException(problems);
        }
        return new StateMachine(d, Json.write(root), DEFAULT_NAME);
    }

    private static List<Problem> validate(JsonNode root) {
        try {
            return DefinitionValidator.validate(root);
        } catch (UnsupportedOperationException notYet) {
            // The validator is being written on its own branch; until it lands the parser's checks stand alone.
            return List.of();
        }
    }

    /** The same state machine with another name (used in ARNs and for mock-config lookup). */
    public StateMachine withName(String newName) {
        return new StateMachine(definition, json, newName);
    }

    public String name() {
        return name;
    }

    /** The parsed model. */
    public Definition definition() {
        return definition;
    }

    /** The definition JSON after substitutions. */
    public String json() {
        return json;
    }

    static JsonNode substitute(JsonNode node, Map<String, String> subs) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = subs.get(m.group(1));
                m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
            }
            m.appendTail(sb);
            return Json.NODES.textNode(sb.toString());
        }
        if (node.isObject()) {
            var out = Json.object();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), substitute(e.getValue(), subs)));
            return out;
        }
        if (node.isArray()) {
            var out = Json.NODES.arrayNode();
            node.forEach(v -> out.add(substitute(v, subs)));
            return out;
        }
        return node;
    }
}
