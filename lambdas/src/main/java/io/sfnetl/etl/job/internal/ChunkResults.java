package io.sfnetl.etl.job.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3Uri;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads chunk results given inline or through a Distributed Map ResultWriter manifest
 * ({@code <prefix>/<mapRunId>/manifest.json}: {@code {"DestinationBucket", "MapRunArn", "ResultFiles":
 * {"SUCCEEDED": [{"Key","Size"}], "FAILED": [...], "PENDING": [...]}}}). Result files are JSON arrays (or JSON
 * Lines) of entries whose {@code Output} is the child's output as a JSON string (Transformation NONE), or the
 * outputs themselves (COMPACT). Entries are streamed one file at a time.
 */
public final class ChunkResults {
    private ChunkResults() {
    }

    /** Calls {@code succeeded} with each successful chunk's output and {@code failed} with each failed entry. */
    public static void read(S3Client s3, JsonNode results, Consumer<JsonNode> succeeded, Consumer<JsonNode> failed) {
        if (results == null || results.isNull()) {
            throw new InvalidInput("Finalize input lacks 'results'; pass the Map's output (an array of chunk results "
                    + "or the ResultWriter's {ResultWriterDetails: {Bucket, Key}})");
        }
        if (results.isArray()) {
            results.forEach(e -> entry(e, succeeded, failed));
            return;
        }
        S3Uri manifest = manifestLocation(results);
        JsonNode m;
        try {
            m = S3Objects.readJson(s3, manifest);
        } catch (NoSuchKeyException e) {
            throw new InvalidInput("Finalize 'results': no ResultWriter manifest at " + manifest
                    + "; pass the Map state's output unchanged", e);
        }
        String bucket = m.path("DestinationBucket").asText(manifest.bucket());
        JsonNode files = m.path("ResultFiles");
        for (JsonNode f : files.path("SUCCEEDED")) {
            file(s3, new S3Uri(bucket, f.path("Key").asText()), e -> entry(e, succeeded, failed));
        }
        for (String status : List.of("FAILED", "PENDING")) {
            for (JsonNode f : files.path(status)) {
                file(s3, new S3Uri(bucket, f.path("Key").asText()), failed);
            }
        }
    }

    private static S3Uri manifestLocation(JsonNode results) {
        if (results.isTextual()) {
            try {
                return S3Uri.parse(results.asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("Finalize 'results': " + e.getMessage(), e);
            }
        }
        JsonNode d = results.has("ResultWriterDetails") ? results.get("ResultWriterDetails") : results;
        if (!d.hasNonNull("Bucket") || !d.hasNonNull("Key")) {
            throw new InvalidInput("Finalize 'results' must be an array of chunk results or the ResultWriter output "
                    + "{ResultWriterDetails: {Bucket, Key}}, was " + abbreviate(results.toString()));
        }
        return new S3Uri(d.get("Bucket").asText(), d.get("Key").asText());
    }

    private static void entry(JsonNode e, Consumer<JsonNode> succeeded, Consumer<JsonNode> failed) {
        if (e.has("Status") && !"SUCCEEDED".equals(e.path("Status").asText())) {
            failed.accept(e);
            return;
        }
        JsonNode out = e;
        if (e.has("Output")) {
            out = parse(e.get("Output"));
        } else if (e.has("Payload")) {
            out = e.get("Payload");
        }
        succeeded.accept(out);
    }

    private static JsonNode parse(JsonNode output) {
        if (!output.isTextual()) {
            return output;
        }
        try {
            return Json.MAPPER.readTree(output.asText());
        } catch (IOException ex) {
            throw new InvalidInput("A chunk result's Output is not JSON: " + abbreviate(output.asText()), ex);
        }
    }

    private static void file(S3Client s3, S3Uri uri, Consumer<JsonNode> each) {
        try (var in = s3.getObject(r -> r.bucket(uri.bucket()).key(uri.key()));
             var parser = Json.MAPPER.createParser(new BufferedReader(new InputStreamReader(in,
                     StandardCharsets.UTF_8)))) {
            var token = parser.nextToken();
            if (token == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                    each.accept(Json.MAPPER.readTree(parser));
                }
            } else {
                // JSON Lines: a sequence of root-level objects.
                while (token == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                    each.accept(Json.MAPPER.readTree(parser));
                    token = parser.nextToken();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Map result file " + uri + ": " + e.getMessage(), e);
        }
    }

    /** The chunk id of a failed entry, from its Input when present. */
    public static String chunkOf(JsonNode entry) {
        JsonNode input = entry.has("Input") ? parse(entry.get("Input")) : entry;
        List<String> candidates = new ArrayList<>();
        if (input.hasNonNull("chunk")) {
            candidates.add(input.get("chunk").asText());
        }
        return candidates.isEmpty() ? entry.path("Name").asText("?") : candidates.getFirst();
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
