package io.sfnetl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * An AWS SDK v2 response printed as the AWS CLI prints it: the API's field names, absent fields left out, dates as
 * ISO-8601 strings. Generic over {@link SdkPojo}, so every command's output has the same shape as
 * {@code aws stepfunctions <operation>}.
 */
final class SdkJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SdkJson() {
    }

    static ObjectNode of(SdkPojo pojo) {
        ObjectNode o = F.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            JsonNode v = value(value);
            if (v != null) {
                o.set(field.locationName(), v);
            }
        }
        return o;
    }

    private static JsonNode value(Object value) {
        return switch (value) {
            case null -> null;
            case SdkPojo p -> of(p);
            case String s -> F.textNode(s);
            case Instant t -> F.textNode(t.toString());
            case Boolean b -> F.booleanNode(b);
            case Integer i -> F.numberNode(i);
            case Long l -> F.numberNode(l);
            case Double d -> F.numberNode(d);
            case Float f -> F.numberNode(f);
            case BigDecimal d -> F.numberNode(d);
            case Collection<?> c -> {
                // the SDK answers an absent list with an empty "auto-construct" list: leave it out, as the CLI does
                if (c instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>) {
                    yield null;
                }
                ArrayNode a = F.arrayNode();
                c.forEach(item -> a.add(value(item)));
                yield a;
            }
            case Map<?, ?> m -> {
                if (m instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>) {
                    yield null;
                }
                ObjectNode o = F.objectNode();
                m.forEach((k, v) -> o.set(String.valueOf(k), value(v)));
                yield o;
            }
            default -> F.textNode(value.toString());
        };
    }

    /** Pretty-printed JSON for stdout. */
    static String print(SdkPojo pojo) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(of(pojo));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String printJson(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
