package io.sfnetl.asl.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/** Choice rules (states-language.net, "Choice State"): JSONPath comparisons and boolean operators, JSONata Condition. */
final class ChoiceRules {

    /** RFC 3339 timestamps as Step Functions accepts them (upper-case T and Z, optional fraction and offset). */
    static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private enum Operand { STRING, NUMBER, BOOLEAN, TIMESTAMP, PATH, TRUE_FALSE, PATTERN }

    private static final Map<String, Operand> OPERATORS = new LinkedHashMap<>();

    static {
        for (String op : List.of("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")) {
            OPERATORS.put("String" + op, Operand.STRING);
            OPERATORS.put("Numeric" + op, Operand.NUMBER);
            OPERATORS.put("Timestamp" + op, Operand.TIMESTAMP);
            OPERATORS.put("String" + op + "Path", Operand.PATH);
            OPERATORS.put("Numeric" + op + "Path", Operand.PATH);
            OPERATORS.put("Timestamp" + op + "Path", Operand.PATH);
        }
        OPERATORS.put("StringMatches", Operand.PATTERN);
        OPERATORS.put("BooleanEquals", Operand.BOOLEAN);
        OPERATORS.put("BooleanEqualsPath", Operand.PATH);
        for (String op : List.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp")) {
            OPERATORS.put(op, Operand.TRUE_FALSE);
        }
    }

    private final Problems p;
    private final Payloads payloads;

    ChoiceRules(Problems p, Payloads payloads) {
        this.p = p;
        this.payloads = payloads;
    }

    /** Checks {@code Choices}; {@code target} validates each top-level rule's Next. */
    void choices(JsonNode choices, String at, QueryLanguage language, BiConsumer<JsonNode, String> target) {
        if (!p.nonEmptyArray(choices, at, "Choices", "choice rules")) {
            return;
        }
        for (int i = 0; i < choices.size(); i++) {
            JsonNode rule = choices.get(i);
            String rat = Problems.at(at, i);
            if (!p.object(rule, rat, "Choices[" + i + "]")) {
                continue;
            }
            JsonNode next = rule.get("Next");
            if (next == null) {
                p.add(rat, "a choice rule needs 'Next': the state to go to when it matches");
            } else {
                target.accept(next, Problems.at(rat, "Next"));
            }
            if (rule.has("Assign")) {
                payloads.assign(rule.get("Assign"), Problems.at(rat, "Assign"), language);
            }
            if (language == QueryLanguage.JSONATA) {
                jsonataRule(rule, rat);
            } else {
                rule(rule, rat, true);
            }
        }
    }

    private void jsonataRule(JsonNode rule, String at) {
        rule.fieldNames().forEachRemaining(f -> {
            switch (f) {
                case "Condition", "Next", "Comment", "Assign", "Output" -> { }
                default -> p.add(Problems.at(at, f), OPERATORS.containsKey(f) || f.equals("Variable") || isBoolean(f)
                        ? "Field '" + f + "' is a JSONPath choice rule field; JSONata choice rules use \"Condition\": \"{% expression %}\""
                        : "Field '" + f + "' is not supported in a choice rule");
            }
        });
        JsonNode condition = rule.get("Condition");
        if (condition == null) {
            p.add(at, "a JSONata choice rule needs 'Condition': a \"{% expression %}\" that yields true or false");
        } else if (!condition.isTextual()) {
            p.add(Problems.at(at, "Condition"), "'Condition' must be a \"{% expression %}\" string, found " + Problems.type(condition));
        } else {
            String error = JsonataSyntax.error(condition.textValue());
            if (error != null) {
                p.add(Problems.at(at, "Condition"), error);
            }
        }
        if (rule.has("Output")) {
            payloads.jsonataValue(rule.get("Output"), Problems.at(at, "Output"));
        }
    }

    private static boolean isBoolean(String f) {
        return f.equals("And") || f.equals("Or") || f.equals("Not");
    }

    /** A JSONPath rule: a boolean expression (And/Or/Not) or a data-test expression (Variable + one operator). */
    private void rule(JsonNode rule, String at, boolean topLevel) {
        var operators = new ArrayList<String>();
        var booleans = new ArrayList<String>();
        rule.fieldNames().forEachRemaining(f -> {
            if (OPERATORS.containsKey(f)) {
                operators.add(f);
            } else if (isBoolean(f)) {
                booleans.add(f);
            } else if (f.equals("Next") || f.equals("Assign")) {
                if (!topLevel) {
                    p.add(Problems.at(at, f), "'" + f + "' is allowed only in a top-level choice rule, not inside And/Or/Not");
                }
            } else if (f.equals("Condition") || f.equals("Output")) {
                p.add(Problems.at(at, f), "Field '" + f + "' is a JSONata choice rule field; set \"QueryLanguage\": "
                        + "\"JSONata\" on the state or use Variable with a comparison operator");
            } else if (!f.equals("Variable") && !f.equals("Comment")) {
                p.add(Problems.at(at, f), "Field '" + f + "' is not supported in a choice rule; the comparison operators are "
                        + String.join(", ", OPERATORS.keySet()));
            }
        });
        if (!booleans.isEmpty()) {
            if (booleans.size() > 1 || !operators.isEmpty() || rule.has("Variable")) {
                p.add(at, "a choice rule holds either one of And, Or, Not or a Variable with one comparison operator; found "
                        + String.join(", ", concat(booleans, operators, rule.has("Variable"))));
            }
            for (String b : booleans) {
                JsonNode v = rule.get(b);
                String bat = Problems.at(at, b);
                if (b.equals("Not")) {
                    if (p.object(v, bat, "Not")) {
                        rule(v, bat, false);
                    }
                } else if (p.nonEmptyArray(v, bat, b, "choice rules")) {
                    for (int i = 0; i < v.size(); i++) {
                        String iat = Problems.at(bat, i);
                        if (p.object(v.get(i), iat, b + "[" + i + "]")) {
                            rule(v.get(i), iat, false);
                        }
                    }
                }
            }
            return;
        }
        JsonNode variable = rule.get("Variable");
        if (variable == null) {
            p.add(at, "a choice rule needs 'Variable' and one comparison operator (or And, Or, Not)");
            if (operators.isEmpty()) {
                return;
            }
        } else {
            payloads.path(variable, Problems.at(at, "Variable"), "Variable", false);
        }
        if (operators.size() != 1) {
            p.add(at, operators.isEmpty()
                    ? "a choice rule needs exactly one comparison operator, e.g. \"StringEquals\": \"x\"; found none"
                    : "a choice rule needs exactly one comparison operator; found " + String.join(", ", operators));
        }
        for (String op : operators) {
            operand(op, rule.get(op), Problems.at(at, op));
        }
    }

    private static List<String> concat(List<String> a, List<String> b, boolean variable) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        if (variable) {
            all.add("Variable");
        }
        return all;
    }

    private void operand(String op, JsonNode v, String at) {
        switch (OPERATORS.get(op)) {
            case STRING -> p.string(v, at, op);
            case PATTERN -> {
                if (p.string(v, at, op) && v.textValue().matches(".*(?<!\\\\)\\\\(?![*\\\\]).*")) {
                    p.add(at, "in 'StringMatches' a backslash may only escape * or \\ (write \\\\* for a literal *)");
                }
            }
            case NUMBER -> {
                if (!v.isNumber()) {
                    p.add(at, "'" + op + "' must be a number, found " + Problems.type(v));
                }
            }
            case BOOLEAN, TRUE_FALSE -> {
                if (!v.isBoolean()) {
                    p.add(at, "'" + op + "' must be true or false, found " + Problems.type(v));
                }
            }
            case TIMESTAMP -> {
                if (p.string(v, at, op) && !TIMESTAMP.matcher(v.textValue()).matches()) {
                    p.add(at, "'" + op + "' must be an RFC 3339 timestamp such as \"2016-03-14T01:59:00Z\" (upper-case T "
                            + "and Z), found \"" + v.textValue() + "\"");
                }
            }
            case PATH -> payloads.path(v, at, op, false);
        }
    }
}
