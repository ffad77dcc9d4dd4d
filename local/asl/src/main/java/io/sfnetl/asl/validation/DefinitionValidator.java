package io.sfnetl.asl.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.internal.JsonSupport;
import io.sfnetl.asl.validation.internal.MachineChecker;
import java.util.List;
import java.util.Set;

/**
 * Validates an Amazon States Language definition as CreateStateMachine and ValidateStateMachineDefinition do
 * (states-language.net and the Step Functions developer guide): top-level fields; for each state type the allowed
 * and required fields and their JSON types in each query language (JSONPath fields are errors in JSONata states
 * and vice versa; unknown fields are errors); Next/End; that every StartAt, Next, Default and Catch target exists
 * in the same machine (states in a Parallel branch or Map processor cannot leave it); unreachable states; that a
 * terminal state is reachable; Choice rules; Retry and Catch; exclusive field pairs ({@code X} vs {@code XPath});
 * Wait, Fail, Parallel and Map (inline and distributed: ItemReader, ItemBatcher, ResultWriter, tolerated failures,
 * Label) with nested machines checked recursively; JSONPath syntax of every path (Reference Paths where ASL requires
 * one); {@code .$} keys (a path or a well-formed intrinsic function); JSONata {@code {% %}} expressions.
 *
 * <p>Every problem is returned at once, each with the JSON Pointer of the offending value (or of the object that
 * misses a field) and a message that says how to fix it. An empty list means valid. Stateless and thread-safe.
 */
public final class DefinitionValidator {

    /**
     * What the local engine does not support yet, reported as "not supported yet by the local engine" so that
     * nothing is silently ignored. Entries are either {@code <StateType>.<Field>} (e.g. {@code Task.Credentials}) or
     * {@code Resource:<text>} (a Task whose Resource contains the text, e.g. {@code Resource:.waitForTaskToken}).
     * The engine's authors keep this list true to what the engine runs. Empty: everything valid runs.
     */
    public static final Set<String> UNSUPPORTED = Set.of();

    /** AWS's maximum definition size. */
    public static final int MAX_DEFINITION_BYTES = 1_048_576;

    private static final ObjectMapper JSON = JsonSupport.STRICT;

    private DefinitionValidator() {
    }

    /**
     * Validates a definition given as JSON text. Malformed JSON (including duplicate keys, which AWS rejects) yields
     * one problem at location {@code ""} whose message gives the line and column.
     */
    public static List<Problem> validate(String definitionJson) {
        int bytes = definitionJson.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_DEFINITION_BYTES) {
            return List.of(new Problem("", "the definition is " + bytes + " bytes; Step Functions accepts at most "
                    + MAX_DEFINITION_BYTES + " (1 MiB): move large constants to S3 or the execution input"));
        }
        JsonNode root;
        try {
            root = JSON.readTree(definitionJson);
        } catch (JsonProcessingException e) {
            return List.of(new Problem("", JsonSupport.parseError(e) + "; fix the JSON syntax first"));
        }
        if (root == null || root.isMissingNode()) {
            return List.of(new Problem("", "the definition is empty; expected a JSON object with StartAt and States"));
        }
        return validate(root);
    }

    /** Validates a parsed definition. */
    public static List<Problem> validate(JsonNode definition) {
        return validate(definition, UNSUPPORTED);
    }

    /** Validates with a given list of unsupported features (see {@link #UNSUPPORTED}); for tests and tools. */
    public static List<Problem> validate(JsonNode definition, Set<String> unsupported) {
        return new MachineChecker(unsupported).check(definition);
    }
}
