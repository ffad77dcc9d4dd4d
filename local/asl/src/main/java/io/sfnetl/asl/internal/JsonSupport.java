package io.sfnetl.asl.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON helpers shared by the validator, the mock configuration and the intrinsics. Thread-safe. */
public final class JsonSupport {

    /** Rejects duplicate keys (AWS does) and trailing content after the document. */
    public static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonSupport() {
    }

    /** "a string", "an object", "an integer", ... for messages. */
    public static String typeName(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> n.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "no value";
        };
    }

    /** "invalid JSON at line L, column C: what" for a parse failure. */
    public static String parseError(JsonProcessingException e) {
        var loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return "invalid JSON" + where + ": " + e.getOriginalMessage();
    }
}
