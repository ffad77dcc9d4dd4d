package io.sfnetl.etl.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * JSON to DynamoDB attribute values: numbers to {@code N} with their exact decimal text (a BigDecimal keeps its
 * digits and scale; never through double), strings to {@code S}, booleans to {@code BOOL}, null to {@code NULL},
 * arrays to {@code L}, objects to {@code M}.
 */
public final class AttributeValues {
    private AttributeValues() {
    }

    /** @param item a JSON object */
    public static Map<String, AttributeValue> item(JsonNode item) {
        if (!item.isObject()) {
            throw new IllegalArgumentException("an item must be a JSON object, was " + item.getNodeType());
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        item.properties().forEach(e -> out.put(e.getKey(), of(e.getValue())));
        return out;
    }

    public static AttributeValue of(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> AttributeValue.fromS(v.textValue());
            case NUMBER -> AttributeValue.fromN(number(v));
            case BOOLEAN -> AttributeValue.fromBool(v.booleanValue());
            case NULL, MISSING -> AttributeValue.fromNul(true);
            case ARRAY -> {
                List<AttributeValue> l = new ArrayList<>(v.size());
                v.forEach(e -> l.add(of(e)));
                yield AttributeValue.fromL(l);
            }
            case OBJECT -> AttributeValue.fromM(item(v));
            case BINARY -> AttributeValue.fromS(v.asText());
            case POJO -> AttributeValue.fromS(v.asText());
        };
    }

    private static String number(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().toString();
        }
        // BigDecimal text without exponent for ordinary magnitudes; DynamoDB accepts either form.
        return v.decimalValue().toPlainString();
    }
}
