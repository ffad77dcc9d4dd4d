package io.sfnetl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** The human summary of an ETL execution: counts that reconcile, rejects and where they are, or the error. */
final class Summary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Summary() {
    }

    static void print(DescribeExecutionResponse execution, PrintStream out) {
        Duration took = Duration.between(execution.startDate(), execution.stopDate());
        out.printf(Locale.ROOT, "%n%s  %s in %.1f s%n", execution.statusAsString(), execution.name(), took.toMillis() / 1000.0);
        if (execution.status() != ExecutionStatus.SUCCEEDED) {
            out.println("  error: " + execution.error());
            out.println("  cause: " + readableCause(execution.cause()));
            return;
        }
        JsonNode o = parse(execution.output());
        JsonNode c = o.path("counts");
        long read = c.path("read").asLong();
        out.printf(Locale.ROOT, "  dataset      %s -> table %s%n", o.path("dataset").asText("?"), o.path("table").asText("?"));
        out.printf(Locale.ROOT, "  rows read    %,d%n", read);
        out.printf(Locale.ROOT, "  loaded       %,d%n", c.path("loaded").asLong());
        out.printf(Locale.ROOT, "  rejected     %,d (%.2f%%, limit %.2f%%)%s%n", c.path("rejected").asLong(),
                o.path("rejectPercent").asDouble(), o.path("maxRejectPercent").asDouble(),
                o.path("rejects").isTextual() ? "  " + o.path("rejects").asText() : "");
        out.printf(Locale.ROOT, "  duplicates   %,d%n", c.path("duplicates").asLong());
        out.printf(Locale.ROOT, "  reconciled   %s (read = loaded + rejected + duplicates)%n",
                read == c.path("loaded").asLong() + c.path("rejected").asLong() + c.path("duplicates").asLong() ? "yes" : "NO");
        out.printf(Locale.ROOT, "  chunks       %d (continuations %d)%n", o.path("chunks").asInt(), c.path("continuations").asLong());
        if (took.toMillis() > 0 && read > 0) {
            out.printf(Locale.ROOT, "  throughput   %,.0f rows/s%n", read * 1000.0 / took.toMillis());
        }
    }

    /** A Lambda error's cause is the runtime's JSON; show its message. */
    static String readableCause(String cause) {
        JsonNode c = parse(cause);
        return c.path("errorMessage").isTextual() ? c.path("errorMessage").asText() : cause;
    }

    private static JsonNode parse(String s) {
        try {
            return s == null ? JSON.missingNode() : JSON.readTree(s);
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }
}
