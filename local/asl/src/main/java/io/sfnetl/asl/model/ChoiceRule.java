package io.sfnetl.asl.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A Choice rule (states-language.net "Choice Rules"): Boolean combinations, data-test expressions, JSONata Condition. */
public sealed interface ChoiceRule {

    /** {@code And}: true when every rule is. */
    record And(List<ChoiceRule> rules) implements ChoiceRule {
    }

    /** {@code Or}: true when any rule is. */
    record Or(List<ChoiceRule> rules) implements ChoiceRule {
    }

    /** {@code Not}. */
    record Not(ChoiceRule rule) implements ChoiceRule {
    }

    /**
     * A data-test expression: {@code Variable} compared by {@code operator} with a literal {@code value}, or with the
     * value at the path {@code value} when {@code operator.isPath()}; type tests (IsNull...) carry a boolean value.
     */
    record Comparison(String variable, ComparisonOperator operator, JsonNode value) implements ChoiceRule {
    }

    /** JSONata {@code Condition}: a {@code {% %}} expression (or a literal boolean). */
    record Condition(JsonNode condition) implements ChoiceRule {
    }

    /** A top-level rule of {@code Choices} with its {@code Next} (and JSONata/JSONPath {@code Assign}, {@code Output}). */
    record Branch(ChoiceRule rule, String next, JsonNode assign, JsonNode output) {
    }
}
