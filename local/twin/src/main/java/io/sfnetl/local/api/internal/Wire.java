package io.sfnetl.local.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.local.api.SfnApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Request field readers, dates and pagination as the AWS JSON 1.0 protocol of Step Functions has them. */
public final class Wire {
    /** Names of state machines and executions: 1-80 characters, none of AWS's forbidden ones. */
    private static final Pattern NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\x00-\\x1f\\x7f-\\x9f]{1,80}");

    private Wire() {
    }

    /** A timestamp as the protocol sends it: epoch seconds with milliseconds, a JSON number. */
    public static void date(ObjectNode o, String field, Instant t) {
        if (t != null) {
            o.put(field, t.toEpochMilli() / 1000.0);
        }
    }

    /** A string field, or null when absent or JSON null. */
    public static String str(JsonNode req, String field) {
        JsonNode v = req.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw SfnApiException.validation("1 validation error detected: Value at '" + field
                    + "' failed to satisfy constraint: Member must be a string");
        }
        return v.asText();
    }

    /** A required string field; ValidationException as AWS words it when missing. */
    public static String required(JsonNode req, String field) {
        String v = str(req, field);
        if (v == null) {
            throw SfnApiException.validation("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    public static boolean bool(JsonNode req, String field, boolean dflt) {
        JsonNode v = req.get(field);
        return v == null || v.isNull() ? dflt : v.asBoolean(dflt);
    }

    /** Checks a state machine or execution name; InvalidName as AWS says it. */
    public static String name(String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new SfnApiException("InvalidName", "Invalid Name: '" + name + "': a " + what + " name has 1 to 80 "
                    + "characters, without whitespace, brackets, wildcards or any of \" # % \\ ^ | ~ ` $ & , ; : /");
        }
        return name;
    }

    /** Checks that a request's ARN field is an ARN of the given resource kind ({@code stateMachine}); InvalidArn. */
    public static void arn(String field, String arn, String kind) {
        String[] parts = arn.split(":", 7);
        if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("states") || !parts[5].equals(kind)
                || parts[6].isEmpty()) {
            throw SfnApiException.invalidArn(field, arn, kind);
        }
    }

    /** One page of a list and the token of the next, or null. */
    public record Page<T>(List<T> items, String nextToken) {
    }

    /**
     * One page of a list: at most maxResults items (default 100, AWS's maximum 1000) after the item the token names.
     * The token holds the key of the last item returned (not an offset), so that items added meanwhile (a newer
     * execution at the head of a newest-first list) neither repeat nor skip items on the next page.
     *
     * @param key a stable, unique key per item (an ARN, an event id)
     */
    public static <T> Page<T> page(List<T> all, JsonNode req, Function<T, String> key) {
        JsonNode max = req.get("maxResults");
        int size = max == null || max.isNull() || max.asInt() == 0 ? 100 : max.asInt();
        if (size < 0 || size > 1000) {
            throw SfnApiException.validation("1 validation error detected: Value '" + size
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 1000");
        }
        String token = str(req, "nextToken");
        int from = 0;
        if (token != null) {
            String last;
            try {
                last = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                last = null;
            }
            from = -1;
            for (int i = 0; last != null && i < all.size(); i++) {
                if (key.apply(all.get(i)).equals(last)) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                throw new SfnApiException("InvalidToken", "Invalid Token: '" + token
                        + "' is not a nextToken of this list (or its item is gone); start again without nextToken");
            }
        }
        int to = Math.min(all.size(), from + size);
        List<T> items = from >= all.size() ? List.of() : all.subList(from, to);
        String next = to < all.size() && to > from
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                        key.apply(all.get(to - 1)).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Page<>(items, next);
    }

    /** Writes a page under {@code field}, and {@code nextToken} when more remain. */
    public static <T> ObjectNode put(ObjectNode out, String field, Page<T> page, Function<T, JsonNode> render) {
        var array = out.putArray(field);
        page.items().forEach(t -> array.add(render.apply(t)));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }
}
