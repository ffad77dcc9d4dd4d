package io.sfnetl.etl.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sfnetl.etl.errors.InvalidSpec;
import io.sfnetl.etl.errors.Problem;
import io.sfnetl.etl.spec.internal.Json;
import io.sfnetl.etl.spec.internal.SpecBinder;
import io.sfnetl.etl.spec.internal.SpecChecks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses and checks a dataset spec: JSON syntax, the published JSON Schema (draft 2020-12, resource
 * {@value #SCHEMA_RESOURCE}; also in the docs) and semantic checks (duplicate field names, unknown fields referenced
 * by transforms and key templates, bad regular expressions, date/time patterns and zones, JSONata expressions that do
 * not parse, min &gt; max, rule classes that do not exist or are not {@link io.sfnetl.etl.rules.RowRule}s, ...).
 * Thread-safe.
 */
public final class SpecParser {
    /** Class-path location of the published JSON Schema of the dataset spec. */
    public static final String SCHEMA_RESOURCE = "/io/sfnetl/etl/spec/dataset-spec.schema.json";

    private static final JsonSchema SCHEMA = loadSchema();

    private SpecParser() {
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = SpecParser.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the dataset spec schema " + SCHEMA_RESOURCE + " is missing from the jar");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param json the spec document (read fully, not closed)
     * @param sourceName where it came from (an S3 URI or path), used in messages
     * @return the parsed spec
     * @throws InvalidSpec with EVERY problem found, each with its JSON Pointer location
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static DatasetSpec parse(InputStream json, String sourceName) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new InvalidSpec(sourceName, List.of(new Problem("", "not valid JSON" + where + ": "
                    + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset spec " + sourceName + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidSpec(sourceName, List.of(new Problem("", "the document is empty: a dataset spec is a "
                    + "JSON object, see " + SCHEMA_RESOURCE)));
        }
        List<Problem> problems = new ArrayList<>(schemaProblems(root));
        if (root.isObject()) {
            problems.addAll(SpecChecks.check(root));
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(Problem::location));
            throw new InvalidSpec(sourceName, problems);
        }
        return SpecBinder.bind(root);
    }

    /** @return the problems the JSON Schema finds (one per message, deduplicated) */
    static List<Problem> schemaProblems(JsonNode root) {
        Set<Problem> out = new LinkedHashSet<>();
        for (ValidationMessage m : SCHEMA.validate(root)) {
            String location = m.getInstanceLocation().toString();
            if (location.equals("/") ) {
                location = "";
            }
            String message = m.getMessage();
            String prefix = m.getInstanceLocation() + ": ";
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            }
            if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
                location = location + "/" + m.getProperty();
            }
            out.add(new Problem(location, message));
        }
        return List.copyOf(out);
    }
}
