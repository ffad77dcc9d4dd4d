package io.sfnetl.etl.transform.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.spec.FieldType;
import io.sfnetl.etl.spec.internal.Json;
import java.math.BigDecimal;
import java.util.Locale;

/** Converts typed values between string, integer, decimal and boolean. */
public final class Casts {
    private Casts() {
    }

    /**
     * @throws IllegalArgumentException when the value cannot be converted (message names value and type)
     */
    public static JsonNode cast(JsonNode v, FieldType to) {
        return switch (to) {
            case STRING -> Json.NODES.textNode(v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText());
            case DECIMAL -> Json.NODES.numberNode(decimal(v));
            case INTEGER -> {
                BigDecimal d = decimal(v).stripTrailingZeros();
                if (d.scale() > 0) {
                    throw new IllegalArgumentException(v.asText() + " has a fraction and cannot become an integer");
                }
                java.math.BigInteger i = d.toBigIntegerExact();
                yield i.bitLength() < 64 ? Json.NODES.numberNode(i.longValue()) : Json.NODES.numberNode(i);
            }
            case BOOLEAN -> Json.NODES.booleanNode(bool(v));
            case DATE, TIMESTAMP -> throw new IllegalArgumentException("cast to " + to.specName() + " is not supported");
        };
    }

    private static BigDecimal decimal(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        try {
            return new BigDecimal(v.asText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v.asText() + "' is not a number");
        }
    }

    private static boolean bool(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.decimalValue().signum() != 0;
        }
        return switch (v.asText().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> true;
            case "false", "no", "n", "0" -> false;
            default -> throw new IllegalArgumentException("'" + v.asText() + "' is not a boolean");
        };
    }
}
