package io.sfnetl.asl.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * Validates an Amazon States Language definition as CreateStateMachine / ValidateStateMachineDefinition do.
 * Returns every problem found, each with its JSON Pointer location; an empty list means valid.
 * Stateless and thread-safe.
 */
public final class DefinitionValidator {

    /**
     * Fields (or field values) the local engine does not support yet. Entries are {@code StateType.Field}
     * (e.g. {@code Task.Credentials}) or {@code Resource:suffix} (e.g. {@code Resource:.waitForTaskToken}).
     * A definition using one gets a problem "... is not supported yet by the local engine".
     * Empty: everything the validator accepts runs.
     */
    public static final Set<String> UNSUPPORTED = Set.of();

    private DefinitionValidator() {
    }

    /** Validates a definition given as JSON text; JSON syntax errors are reported with line and column. */
    public static List<Problem> validate(String definitionJson) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Validates a parsed definition. */
    public static List<Problem> validate(JsonNode definition) {
        throw new UnsupportedOperationException("not yet");
    }
}
