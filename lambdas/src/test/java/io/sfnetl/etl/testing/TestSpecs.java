package io.sfnetl.etl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.SpecParser;
import io.sfnetl.etl.spec.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Builds specs for tests from class-path fixtures under {@code specs/} or inline JSON. */
public final class TestSpecs {
    private TestSpecs() {
    }

    public static DatasetSpec parse(String json) {
        return SpecParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test-spec");
    }

    /** A fixture under src/test/resources/specs/ as a mutable tree. */
    public static ObjectNode tree(String fixture) {
        try (InputStream in = TestSpecs.class.getResourceAsStream("/specs/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /specs/" + fixture);
            }
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DatasetSpec spec(String fixture) {
        return parse(tree(fixture).toString());
    }

    /** The fixture, changed by {@code change}, parsed. */
    public static DatasetSpec spec(String fixture, Consumer<ObjectNode> change) {
        ObjectNode t = tree(fixture);
        change.accept(t);
        return parse(t.toString());
    }

    public static ObjectNode format(JsonNode spec) {
        return (ObjectNode) spec.get("format");
    }

    public static ObjectNode field(JsonNode spec, int index) {
        return (ObjectNode) spec.get("fields").get(index);
    }

    public static byte[] resource(String path) {
        try (InputStream in = TestSpecs.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
