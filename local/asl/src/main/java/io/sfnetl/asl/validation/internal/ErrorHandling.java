package io.sfnetl.asl.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.ErrorNames;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/** {@code Retry} and {@code Catch} (states-language.net, "Error Handling"). */
final class ErrorHandling {
    private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final long MAX_INT_FIELD = 99_999_999L;
    /** One year, AWS's limit for MaxDelaySeconds. */
    private static final long MAX_DELAY_SECONDS = 31_622_400L;

    private final Problems p;
    private final Payloads payloads;

    ErrorHandling(Problems p, Payloads payloads) {
        this.p = p;
        this.payloads = payloads;
    }

    void retry(JsonNode retry, String at) {
        if (!retry.isArray()) {
            p.add(at, "'Retry' must be an array of retriers, found " + Problems.type(retry));
            return;
        }
        for (int i = 0; i < retry.size(); i++) {
            JsonNode r = retry.get(i);
            String rat = Problems.at(at, i);
            if (!p.object(r, rat, "Retry[" + i + "]")) {
                continue;
            }
            r.fieldNames().forEachRemaining(f -> {
                if (!RETRIER_FIELDS.contains(f)) {
                    p.add(Problems.at(rat, f), "Field '" + f + "' is not supported in a retrier; the fields are "
                            + String.join(", ", RETRIER_FIELDS.stream().sorted().toList()));
                }
            });
            errorEquals(r, rat, i == retry.size() - 1, "retrier");
            ifPresent(r, "IntervalSeconds", rat, (n, a) -> p.integer(n, a, "IntervalSeconds", 1, MAX_INT_FIELD));
            ifPresent(r, "MaxAttempts", rat, (n, a) -> p.integer(n, a, "MaxAttempts", 0, MAX_INT_FIELD));
            ifPresent(r, "BackoffRate", rat, (n, a) -> p.number(n, a, "BackoffRate", 1.0, Double.MAX_VALUE));
            ifPresent(r, "MaxDelaySeconds", rat, (n, a) -> p.integer(n, a, "MaxDelaySeconds", 1, MAX_DELAY_SECONDS));
            ifPresent(r, "JitterStrategy", rat, (n, a) -> p.oneOf(n, a, "JitterStrategy", List.of("FULL", "NONE")));
            ifPresent(r, "Comment", rat, (n, a) -> p.string(n, a, "Comment"));
        }
    }

    /** Checks a Catch array; {@code target} validates each catcher's Next. */
    void catchers(JsonNode catchers, String at, QueryLanguage language, BiConsumer<JsonNode, String> target) {
        if (!catchers.isArray()) {
            p.add(at, "'Catch' must be an array of catchers, found " + Problems.type(catchers));
            return;
        }
        Set<String> fields = language == QueryLanguage.JSONPATH
                ? Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment")
                : Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment");
        for (int i = 0; i < catchers.size(); i++) {
            JsonNode c = catchers.get(i);
            String cat = Problems.at(at, i);
            if (!p.object(c, cat, "Catch[" + i + "]")) {
                continue;
            }
            c.fieldNames().forEachRemaining(f -> {
                if (!fields.contains(f)) {
                    String hint = f.equals("ResultPath") || f.equals("Output")
                            ? " in a " + language.aslName() + " state; " + (f.equals("ResultPath") ? "use Output" : "use ResultPath")
                            : "; the fields are " + String.join(", ", fields.stream().sorted().toList());
                    p.add(Problems.at(cat, f), "Field '" + f + "' is not supported in a catcher" + hint);
                }
            });
            errorEquals(c, cat, i == catchers.size() - 1, "catcher");
            JsonNode next = c.get("Next");
            if (next == null) {
                p.add(cat, "a catcher needs 'Next': the state to go to when it catches an error");
            } else {
                target.accept(next, Problems.at(cat, "Next"));
            }
            ifPresent(c, "ResultPath", cat, (n, a) -> {
                if (language == QueryLanguage.JSONPATH) {
                    payloads.referencePath(n, a, "ResultPath", true);
                }
            });
            ifPresent(c, "Output", cat, (n, a) -> {
                if (language == QueryLanguage.JSONATA) {
                    payloads.jsonataValue(n, a);
                }
            });
            ifPresent(c, "Assign", cat, (n, a) -> payloads.assign(n, a, language));
            ifPresent(c, "Comment", cat, (n, a) -> p.string(n, a, "Comment"));
        }
    }

    private void errorEquals(JsonNode handler, String at, boolean last, String what) {
        JsonNode ee = handler.get("ErrorEquals");
        String eat = Problems.at(at, "ErrorEquals");
        if (ee == null) {
            p.add(at, "a " + what + " needs 'ErrorEquals': a non-empty array of error names, e.g. [\"States.ALL\"]");
            return;
        }
        if (!p.nonEmptyArray(ee, eat, "ErrorEquals", "error names")) {
            return;
        }
        for (int j = 0; j < ee.size(); j++) {
            JsonNode name = ee.get(j);
            if (!name.isTextual() || name.textValue().isEmpty()) {
                p.add(Problems.at(eat, j), "an error name must be a non-empty string, found " + Problems.type(name));
            } else if (name.textValue().equals(ErrorNames.ALL)) {
                if (ee.size() != 1) {
                    p.add(Problems.at(eat, j), "'States.ALL' must appear alone in its ErrorEquals; move the other "
                            + "names to an earlier " + what);
                }
                if (!last) {
                    p.add(Problems.at(eat, j), "the " + what + " with 'States.ALL' must be the last one; move it to the end");
                }
            }
        }
    }

    private static void ifPresent(JsonNode node, String field, String at, BiConsumer<JsonNode, String> check) {
        JsonNode v = node.get(field);
        if (v != null) {
            check.accept(v, Problems.at(at, field));
        }
    }
}
