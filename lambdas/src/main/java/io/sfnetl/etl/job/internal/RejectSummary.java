package io.sfnetl.etl.job.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.storage.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The rejects of a run summarised by reason for the job record: {@code {rejects, read, sampled, reasons: [{reason,
 * count, stage, example: {object, line}}]}}, the most frequent first. A reason is grouped with the values it quotes
 * replaced by {@code '…'} except the first (the field name): {@code field 'amount': 'abc' is not a decimal} and
 * {@code field 'amount': 'x' is not a decimal} count as one. Reads at most {@link #MAX_LINES} reject lines
 * ({@code sampled: true} when it stopped early). Reasons never contain row contents beyond what the stages put in
 * them (masked for sensitive fields).
 */
public final class RejectSummary {
    public static final int MAX_LINES = 100_000;
    public static final int TOP = 10;
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");

    private RejectSummary() {
    }

    private static final class Reason {
        long count;
        final String stage;
        final String object;
        final long line;

        Reason(String stage, String object, long line) {
            this.stage = stage;
            this.object = object;
            this.line = line;
        }
    }

    public static ObjectNode summarize(S3Client s3, String bucket, List<String> rejectKeys) {
        Map<String, Reason> reasons = new LinkedHashMap<>();
        long read = 0;
        boolean sampled = false;
        List<String> missing = new java.util.ArrayList<>();
        outer:
        for (String key : rejectKeys) {
            try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key));
                 BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    if (read >= MAX_LINES) {
                        sampled = true;
                        break outer;
                    }
                    read++;
                    JsonNode r = Json.MAPPER.readTree(line);
                    for (JsonNode why : r.path("reasons")) {
                        reasons.computeIfAbsent(group(why.asText()), g -> new Reason(r.path("stage").asText(null),
                                r.path("object").asText(null), r.path("line").asLong(-1))).count++;
                    }
                }
            } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                missing.add(key); // reported: Finalize fails the run, rejects must never be lost silently
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read reject file s3://" + bucket + "/" + key + ": "
                        + e.getMessage(), e);
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("read", read);
        out.put("sampled", sampled);
        out.put("distinct", reasons.size());
        if (!missing.isEmpty()) {
            missing.forEach(out.putArray("missing")::add);
        }
        ArrayNode top = out.putArray("reasons");
        reasons.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Reason> e) -> -e.getValue().count)
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP)
                .forEach(e -> {
                    ObjectNode n = top.addObject();
                    n.put("reason", e.getKey());
                    n.put("count", e.getValue().count);
                    if (e.getValue().stage != null) {
                        n.put("stage", e.getValue().stage);
                    }
                    ObjectNode example = n.putObject("example");
                    example.put("object", e.getValue().object);
                    example.put("line", e.getValue().line);
                });
        return out;
    }

    /** The reason with every quoted value but the first replaced by {@code '…'}. */
    public static String group(String reason) {
        Matcher m = QUOTED.matcher(reason);
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        while (m.find()) {
            m.appendReplacement(sb, first ? Matcher.quoteReplacement(m.group()) : "'…'");
            first = false;
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
