package io.sfnetl.local.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The published JSON Schema of the ETL state machine's execution input ({@code statemachine/input.schema.json}),
 * checked before an execution is started so that a typo ({@code "maxRejectPercentage"}) or a wrong type fails at
 * once with its location, instead of in Prepare. Prepare checks the same input again (it is the contract on AWS).
 * Immutable and thread-safe.
 */
public final class ExecutionInputSchema {
    /** Where the schema lives, relative to the repository root. */
    public static final String FILE = "statemachine/input.schema.json";

    private final JsonSchema schema;
    private final String source;

    private ExecutionInputSchema(JsonSchema schema, String source) {
        this.schema = schema;
        this.source = source;
    }

    /** Loads {@code statemachine/input.schema.json} from the repository at {@code home}. */
    public static ExecutionInputSchema load(Path home) {
        Path file = home.resolve(FILE);
        try (InputStream in = Files.newInputStream(file)) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER)
                    .formatAssertionsEnabled(true).build();
            return new ExecutionInputSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, config), file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the execution input schema " + file + " is missing; restore "
                    + FILE + " from the repository", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the execution input schema " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return every problem, each as {@code "<JSON pointer>: <message>"} ({@code "/"} for the document itself), in
     *     order of location; empty when the input is valid
     */
    public List<String> problems(JsonNode input) {
        Set<String> out = new LinkedHashSet<>();
        for (ValidationMessage m : schema.validate(input)) {
            String location = m.getInstanceLocation().toString();
            if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
                location = (location.equals("/") ? "" : location) + "/" + m.getProperty();
                out.add(location + ": unknown field; the execution input takes only the fields of " + FILE
                        + " (check the spelling)");
                continue;
            }
            String message = m.getMessage();
            String prefix = m.getInstanceLocation() + ": ";
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            }
            out.add((location.isEmpty() ? "/" : location) + ": " + message);
        }
        return new ArrayList<>(out).stream().sorted().toList();
    }

    /** Where the schema was read from. */
    public String source() {
        return source;
    }
}
