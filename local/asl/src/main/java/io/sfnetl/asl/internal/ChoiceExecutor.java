package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.ChoiceRule;
import io.sfnetl.asl.model.ComparisonOperator;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.State;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Choice: the first branch whose rule matches gives Next, else Default, else {@code States.NoChoiceMatched}.
 * A comparison whose Variable has another type than the operator's is false; a Variable that is not present is an
 * error ({@code States.Runtime}) except for {@code IsPresent}.
 */
final class ChoiceExecutor {
    private ChoiceExecutor() {
    }

    static Outcome execute(State.Choice s, JsonNode raw, Scope scope) {
        boolean jsonata = s.transition().language() == QueryLanguage.JSONATA;
        JsonNode effective = jsonata ? raw : Io.input(s.io(), raw, scope);
        ObjectNode states = jsonata ? Jsonata.states(raw, null, null, scope) : null;
        for (ChoiceRule.Branch b : s.choices()) {
            if (matches(b.rule(), effective, states, scope)) {
                return outcome(s, b.next(), b.assign(), b.output(), raw, effective, states, scope);
            }
        }
        if (s.defaultNext() == null) {
            throw new StatesError(ErrorNames.NO_CHOICE_MATCHED, "No Choice Rule matched and no Default is given in "
                    + "state '" + s.name() + "'; input: " + Paths.abbreviate(Json.write(effective)));
        }
        return outcome(s, s.defaultNext(), null, null, raw, effective, states, scope);
    }

    private static Outcome outcome(State.Choice s, String next, JsonNode ruleAssign, JsonNode ruleOutput, JsonNode raw,
            JsonNode effective, ObjectNode states, Scope scope) {
        JsonNode assign = ruleAssign != null ? ruleAssign : s.io().assign();
        if (states != null) {
            Map<String, JsonNode> assigned = Jsonata.assign(assign, states, scope);
            JsonNode output = ruleOutput != null ? ruleOutput : s.io().output();
            return new Outcome(next, output == null ? raw : Jsonata.template(output, states, scope, "Output"), assigned);
        }
        return new Outcome(next, Io.outputPath(s.io(), effective, scope), Io.assign(assign, effective, scope));
    }

    static boolean matches(ChoiceRule rule, JsonNode input, ObjectNode states, Scope scope) {
        return switch (rule) {
            case ChoiceRule.And and -> and.rules().stream().allMatch(r -> matches(r, input, states, scope));
            case ChoiceRule.Or or -> or.rules().stream().anyMatch(r -> matches(r, input, states, scope));
            case ChoiceRule.Not not -> !matches(not.rule(), input, states, scope);
            case ChoiceRule.Condition c -> Jsonata.condition(c.condition(), states, scope);
            case ChoiceRule.Comparison c -> compare(c, input, scope);
        };
    }

    private static boolean compare(ChoiceRule.Comparison c, JsonNode input, Scope scope) {
        JsonNode v = Paths.readOrMissing(c.variable(), input, scope);
        ComparisonOperator op = c.operator();
        if (op == ComparisonOperator.IsPresent) {
            return !v.isMissingNode() == c.value().asBoolean();
        }
        if (v.isMissingNode()) {
            throw new StatesError(ErrorNames.RUNTIME, "Invalid path '" + c.variable() + "': the choice state '"
                    + scope.stateName() + "' could not find a value for the Variable in its input; guard it with "
                    + "IsPresent");
        }
        if (op.isTypeTest()) {
            boolean is = switch (op) {
                case IsNull -> v.isNull();
                case IsNumeric -> v.isNumber();
                case IsString -> v.isTextual();
                case IsBoolean -> v.isBoolean();
                case IsTimestamp -> v.isTextual() && timestamp(v.asText()) != null;
                default -> throw new IllegalStateException(op.name());
            };
            return is == c.value().asBoolean();
        }
        JsonNode other = c.value();
        if (op.isPath()) {
            other = Paths.read(c.value().asText(), input, scope, op.name());
        }
        String family = op.name().replaceFirst("(Equals|LessThan|GreaterThan|Matches).*$", "");
        String test = op.name().substring(family.length()).replace("Path", "");
        int cmp;
        switch (family) {
            case "String" -> {
                if (!v.isTextual() || !other.isTextual()) {
                    return false;
                }
                if (test.equals("Matches")) {
                    return wildcard(other.asText(), v.asText());
                }
                cmp = v.asText().compareTo(other.asText());
            }
            case "Numeric" -> {
                if (!v.isNumber() || !other.isNumber()) {
                    return false;
                }
                cmp = v.decimalValue().compareTo(other.decimalValue());
            }
            case "Boolean" -> {
                return v.isBoolean() && other.isBoolean() && v.asBoolean() == other.asBoolean();
            }
            case "Timestamp" -> {
                Instant a = v.isTextual() ? timestamp(v.asText()) : null;
                Instant b = other.isTextual() ? timestamp(other.asText()) : null;
                if (a == null || b == null) {
                    return false;
                }
                cmp = a.compareTo(b);
            }
            default -> throw new IllegalStateException(op.name());
        }
        return switch (test) {
            case "Equals" -> cmp == 0;
            case "LessThan" -> cmp < 0;
            case "GreaterThan" -> cmp > 0;
            case "LessThanEquals" -> cmp <= 0;
            case "GreaterThanEquals" -> cmp >= 0;
            default -> throw new IllegalStateException(op.name());
        };
    }

    private static Instant timestamp(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * StringMatches: {@code *} matches any run of characters; {@code \*} is a literal star and {@code \\} a literal
     * backslash.
     */
    static boolean wildcard(String pattern, String s) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
                re.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (ch == '*') {
                re.append(".*");
            } else {
                re.append(java.util.regex.Pattern.quote(String.valueOf(ch)));
            }
        }
        return java.util.regex.Pattern.compile(re.toString(), java.util.regex.Pattern.DOTALL).matcher(s).matches();
    }
}
