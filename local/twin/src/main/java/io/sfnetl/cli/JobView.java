package io.sfnetl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.etl.storage.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text views of job records for {@code etl jobs} and {@code etl job}. */
final class JobView {
    static final ObjectMapper JSON = Json.MAPPER;

    private JobView() {
    }

    /** {@code 2026-11-24T05:00:03.123Z} as {@code 2026-11-24 05:00:03}. */
    static String shortTime(String iso) {
        if (iso == null || iso.length() < 19) {
            return iso == null ? "-" : iso;
        }
        return iso.substring(0, 10) + " " + iso.substring(11, 19);
    }

    static String duration(JsonNode job) {
        JsonNode ms = job.at("/timings/totalMillis");
        if (!ms.isNumber()) {
            ms = job.path("durationMillis");
        }
        if (!ms.isNumber()) {
            return "-";
        }
        long s = ms.asLong() / 1000;
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }

    static String simpleName(String error) {
        return error.substring(error.lastIndexOf('.') + 1);
    }

    static String joined(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return String.join(", ", out);
    }

    /** The detailed view of one record. */
    static void print(JsonNode j, PrintStream out) {
        row(out, "run", j.path("run").asText());
        row(out, "dataset", j.path("dataset").asText("-"));
        row(out, "status", j.path("status").asText("-"));
        if (j.hasNonNull("error")) {
            row(out, "error", j.get("error").asText());
            row(out, "cause", abbreviate(j.path("cause").asText(""), 300));
        }
        row(out, "started", j.path("startedAt").asText("-"));
        row(out, "finished", firstText(j, "finishedAt", "failedAt"));
        JsonNode t = j.path("timings");
        row(out, "timings", String.format(Locale.ROOT, "total %s (prepare %s ms, chunks %s ms, finalize %s ms)",
                duration(j), t.path("prepareMillis").asText("-"), t.path("mapMillis").asText("-"),
                t.path("finalizeMillis").asText("-")));
        row(out, "spec", j.path("spec").asText("-") + "  sha256 " + j.path("specSha256").asText("-"));
        row(out, "source", j.path("source").asText("-"));
        for (JsonNode s : j.path("sources")) {
            row(out, "", String.format(Locale.ROOT, "%s  etag %s%s  %d bytes", s.path("object").asText(),
                    s.path("etag").asText(), s.hasNonNull("versionId") ? "  version " + s.get("versionId").asText()
                            : "", s.path("size").asLong()));
        }
        row(out, "table", j.path("table").asText("-"));
        JsonNode c = j.path("counts");
        if (c.isObject()) {
            row(out, "counts", String.format(Locale.ROOT, "read %s, valid %s, rejected %s, loaded %s, duplicates %s, "
                    + "bytes %s, continuations %s", c.path("read").asText(), c.path("valid").asText(),
                    c.path("rejected").asText(), c.path("loaded").asText(), c.path("duplicates").asText(),
                    c.path("bytes").asText(), c.path("continuations").asText()));
        }
        row(out, "chunks", j.path("chunks").asText("-") + (j.path("failedChunks").size() > 0
                ? "  failed: " + joined(j.get("failedChunks")) : ""));
        if (j.has("rejectPercent")) {
            row(out, "rejects", String.format(Locale.ROOT, "%.2f%% (max %s%%) in %s", j.path("rejectPercent")
                    .asDouble(), j.path("maxRejectPercent").asText("-"), j.path("rejects").asText("-")));
        }
        for (JsonNode r : j.path("rejectReasons").path("reasons")) {
            row(out, "", String.format(Locale.ROOT, "%6d  %s  (e.g. line %s of %s)", r.path("count").asLong(),
                    r.path("reason").asText(), r.at("/example/line").asText("?"), r.at("/example/object").asText("?")));
        }
        if (j.hasNonNull("reprocessOf")) {
            row(out, "reprocesses", j.get("reprocessOf").asText());
        }
        if (j.has("reprocessedBy")) {
            row(out, "reprocessed by", joined(j.get("reprocessedBy")));
        }
        if (j.hasNonNull("executionArn")) {
            row(out, "execution", j.get("executionArn").asText());
        }
        if (j.hasNonNull("collectedAt")) {
            row(out, "collected", j.get("collectedAt").asText() + " (staging and manifests deleted by etl gc)");
        }
    }

    private static String firstText(JsonNode j, String a, String b) {
        return j.hasNonNull(a) ? j.get(a).asText() : j.path(b).asText("-");
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "  %-14s %s%n", name, value);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
