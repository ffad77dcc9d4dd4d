package io.sfnetl.local.console.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3Uri;
import io.sfnetl.etl.storage.StagingKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The first rejects of a run, for the console: the reject files in the order Finalize recorded them
 * ({@code rejects/<run>/manifest.json}) or, before Finalize, as listed under {@code rejects/<run>/}; each file
 * streamed and closed as soon as enough lines are read (a reject file is never loaded whole). The records are shown
 * as the reject files store them: sensitive fields already masked by the stages. Thread-safe.
 */
public final class RejectsPreview {
    private RejectsPreview() {
    }

    /**
     * {@code {run, files: "manifest"|"listing", rejects: [{file, chunk, stage, object, line, offset, reasons, record}],
     * more}}; {@code more} is true when further reject lines exist.
     *
     * @return null when the run has no reject file at all
     */
    public static ObjectNode first(S3Client s3, String bucket, String run, int limit) {
        String prefix = StagingKeys.rejectsPrefix(run);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("run", run);
        ArrayNode rejects = out.putArray("rejects");
        Iterator<String> keys;
        try {
            JsonNode manifest = S3Objects.readJson(s3, new S3Uri(bucket, prefix + "manifest.json"));
            List<String> recorded = new ArrayList<>();
            manifest.path("keys").forEach(k -> recorded.add(k.asText()));
            keys = recorded.iterator();
            out.put("files", "manifest");
        } catch (NoSuchKeyException e) {
            keys = s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key).filter(k -> !k.endsWith("/manifest.json")).iterator();
            out.put("files", "listing");
        }
        boolean any = false;
        boolean more = false;
        while (keys.hasNext() && !more) {
            String key = keys.next();
            any = true;
            more = readPart(s3, bucket, key, rejects, limit);
        }
        if (!any) {
            return null;
        }
        out.put("more", more);
        return out;
    }

    /** Appends the part's lines until {@code limit} rejects are held; true when a line was left unread. */
    private static boolean readPart(S3Client s3, String bucket, String key, ArrayNode rejects, int limit) {
        String[] parts = key.split("/", 5); // rejects/<run>/<chunk>/<stage>/<continuation>-<request id>
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return false; // listed by the chunk but gone (expired): Finalize reports it in the job record
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                if (rejects.size() >= limit) {
                    S3Objects.abortQuietly(in);
                    return true;
                }
                rejects.add(reject(line, key, n, parts.length == 5 ? parts[2] : null));
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reject file s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode reject(String line, String key, int lineOfFile, String chunk) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("file", key);
        o.put("fileLine", lineOfFile);
        if (chunk != null) {
            o.put("chunk", chunk);
        }
        JsonNode r;
        try {
            r = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            o.putArray("reasons").add("not a reject line (JSON {object, offset, line, raw, reasons, stage}): "
                    + e.getOriginalMessage());
            return o;
        }
        for (String f : new String[] {"stage", "object", "line", "offset"}) {
            if (r.hasNonNull(f)) {
                o.set(f, r.get(f));
            }
        }
        ArrayNode reasons = o.putArray("reasons");
        r.path("reasons").forEach(x -> reasons.add(x.asText()));
        JsonNode record = r.hasNonNull("raw") ? r.get("raw") : r.get("row");
        if (record != null) {
            o.put("record", record.isTextual() ? record.asText() : record.toString());
        }
        return o;
    }
}
