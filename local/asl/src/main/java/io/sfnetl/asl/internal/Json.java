package io.sfnetl.asl.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The engine's one ObjectMapper and small JSON helpers. Thread-safe. */
public final class Json {
    /**
     * Buffers are recycled through a shared pool: Jackson's default pool is per thread, and the engine runs every
     * execution on a new virtual thread, so the default would allocate fresh buffers for each execution's writes.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build()).build();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Cached: {@code MAPPER.readTree} and {@code writeValueAsString} resolve their types on every call. */
    private static final ObjectReader TREES = MAPPER.readerFor(JsonNode.class);
    private static final ObjectWriter WRITER = MAPPER.writerFor(JsonNode.class);

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * An empty object for a few known fields (an event's details; {@code fields} of them expected): members in a {@link SmallObjectMap}, lighter than
     * the LinkedHashMap of {@link #object()}; the same object otherwise.
     */
    public static ObjectNode details(int fields) {
        return new ObjectNode(NODES, new SmallObjectMap(fields));
    }

    /** Compact JSON text of {@code n}, as AWS puts it in history events and DescribeExecution. */
    public static String write(JsonNode n) {
        try {
            return WRITER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(String text) throws JsonProcessingException {
        return TREES.readTree(text);
    }

    /** UTF-8 size of the compact JSON text. */
    public static int size(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    public static byte[] bytes(JsonNode n) {
        return write(n).getBytes(StandardCharsets.UTF_8);
    }

    /** "a string", "an object", ... for messages. */
    public static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase();
        };
    }
}
