package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.State;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Wait: Seconds[Path] or until Timestamp[Path]; the wait-time scale multiplies the delay (0 = no wait). */
final class WaitExecutor {
    private WaitExecutor() {
    }

    static Outcome execute(State.Wait s, JsonNode raw, Scope scope) {
        boolean jsonata = s.transition().language() == QueryLanguage.JSONATA;
        JsonNode effective = jsonata ? raw : Io.input(s.io(), raw, scope);
        Duration d;
        if (s.seconds() != null) {
            d = Duration.ofSeconds(Io.seconds(s.seconds(), effective, scope, "Seconds"));
        } else {
            JsonNode ts = s.timestampPath() != null ? Paths.read(s.timestampPath(), effective, scope, "TimestampPath")
                    : jsonata ? Jsonata.template(s.timestamp(), Jsonata.states(raw, null, null, scope), scope, "Timestamp")
                    : s.timestamp();
            Instant until = timestamp(ts, scope);
            d = Duration.between(scope.settings().clock().instant(), until);
            d = d.isNegative() ? Duration.ZERO : d;
        }
        scope.sleep(Duration.ofNanos((long) (d.toNanos() * scope.settings().waitTimeScale())));
        if (jsonata) {
            var states = Jsonata.states(raw, null, null, scope);
            var assigned = Jsonata.assign(s.io().assign(), states, scope);
            JsonNode out = s.io().output() == null ? raw : Jsonata.template(s.io().output(), states, scope, "Output");
            return new Outcome(s.transition().next(), out, assigned);
        }
        return new Outcome(s.transition().next(), Io.outputPath(s.io(), effective, scope),
                Io.assign(s.io().assign(), effective, scope));
    }

    static Instant timestamp(JsonNode ts, Scope scope) {
        if (ts == null || !ts.isTextual()) {
            throw new StatesError(ErrorNames.RUNTIME, "The Timestamp of Wait state '" + scope.stateName()
                    + "' must be an ISO-8601 string such as 2026-01-01T00:00:00Z, not " + (ts == null ? "nothing" : Json.write(ts)));
        }
        try {
            return OffsetDateTime.parse(ts.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new StatesError(ErrorNames.RUNTIME, "The Timestamp '" + ts.asText() + "' of Wait state '"
                    + scope.stateName() + "' is not an ISO-8601 timestamp such as 2026-01-01T00:00:00Z");
        }
    }
}
