package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.Catcher;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.Retrier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Retry and Catch (states-language.net "Error Handling"): the first retrier whose ErrorEquals matches retries until
 * its MaxAttempts; then the first matching catcher transitions to its Next with the error output. Matching rules:
 * {@code States.ALL} matches any error but {@code States.DataLimitExceeded}; {@code States.TaskFailed} matches any
 * error but {@code States.Timeout}/{@code States.HeartbeatTimeout}; {@code States.Runtime} matches nothing (it always
 * fails the execution).
 */
public final class Retries {
    private Retries() {
    }

    /** True when {@code errorEquals} handles {@code error}. */
    public static boolean matches(List<String> errorEquals, String error) {
        if (error.equals(ErrorNames.RUNTIME)) {
            return false;
        }
        for (String e : errorEquals) {
            if (e.equals(error)) {
                return true;
            }
            if (e.equals(ErrorNames.ALL) && !error.equals(ErrorNames.DATA_LIMIT_EXCEEDED)) {
                return true;
            }
            if (e.equals(ErrorNames.TASK_FAILED) && !error.equals(ErrorNames.TIMEOUT)
                    && !error.equals(ErrorNames.HEARTBEAT_TIMEOUT) && !error.equals(ErrorNames.DATA_LIMIT_EXCEEDED)) {
                return true;
            }
        }
        return false;
    }

    /** The delay before retry number {@code attempt} (0-based) of {@code r}, before the wait-time scale. */
    public static Duration delay(Retrier r, int attempt, double waitTimeScale, java.util.random.RandomGenerator random) {
        double seconds = r.intervalSeconds() * Math.pow(r.backoffRate(), attempt);
        if (r.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, r.maxDelaySeconds());
        }
        if (r.jitter() == Retrier.Jitter.FULL) {
            seconds = random.nextDouble() * seconds;
        }
        return Duration.ofNanos((long) (seconds * waitTimeScale * 1e9));
    }

    /**
     * Runs {@code body} with the state's retriers and catchers.
     *
     * @param rawInput the state's input, onto which a catcher's ResultPath places the error output
     */
    public static Outcome run(List<Retrier> retriers, List<Catcher> catchers, JsonNode rawInput, Scope scope,
            QueryLanguage language, Supplier<Outcome> body) {
        int[] attempts = new int[retriers.size()];
        int retries = 0;
        while (true) {
            try {
                return body.get();
            } catch (StatesError e) {
                int r = find(retriers.stream().map(Retrier::errorEquals).toList(), e.error());
                if (r >= 0 && attempts[r] < retriers.get(r).maxAttempts()) {
                    Duration d = delay(retriers.get(r), attempts[r], scope.settings().waitTimeScale(),
                            scope.settings().random());
                    attempts[r]++;
                    scope.retried(++retries);
                    scope.sleep(d);
                    continue;
                }
                int c = find(catchers.stream().map(Catcher::errorEquals).toList(), e.error());
                if (c < 0) {
                    throw e;
                }
                return caught(catchers.get(c), e, rawInput, scope, language);
            }
        }
    }

    private static Outcome caught(Catcher c, StatesError e, JsonNode rawInput, Scope scope, QueryLanguage language) {
        ObjectNode errorOutput = Json.object();
        errorOutput.put("Error", e.error());
        errorOutput.put("Cause", e.cause());
        if (language == QueryLanguage.JSONATA) {
            var vars = Jsonata.states(rawInput, null, errorOutput, scope);
            Map<String, JsonNode> assigned = Jsonata.assign(c.assign(), vars, scope);
            JsonNode out = c.output() == null ? errorOutput : Jsonata.template(c.output(), vars, scope, "Output");
            return new Outcome(c.next(), out, assigned);
        }
        Map<String, JsonNode> assigned = Io.assign(c.assign(), errorOutput, scope);
        return new Outcome(c.next(), Paths.put(c.resultPath(), rawInput, errorOutput), assigned);
    }

    private static int find(List<List<String>> errorEquals, String error) {
        for (int i = 0; i < errorEquals.size(); i++) {
            if (matches(errorEquals.get(i), error)) {
                return i;
            }
        }
        return -1;
    }
}
