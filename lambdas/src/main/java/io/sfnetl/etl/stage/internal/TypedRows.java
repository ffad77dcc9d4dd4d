package io.sfnetl.etl.stage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.FieldSpec;
import io.sfnetl.etl.spec.Masking;
import io.sfnetl.etl.stage.ChunkRange;
import io.sfnetl.etl.stage.Counts;
import io.sfnetl.etl.stage.Cursor;
import io.sfnetl.etl.stage.RemainingTime;
import io.sfnetl.etl.stage.StageInput;
import io.sfnetl.etl.stage.StageOutput;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3Uri;
import io.sfnetl.etl.storage.StagingKeys;
import io.sfnetl.etl.transform.KeyOf;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validate's path for a chunk of typed rows ({@link ChunkRange#typedRows()}): the rejects of Transform and Load being
 * reprocessed, one JSON line each, {@code {"stage": "transform"|"load", "row": {...}, "object", "offset", "line"}}
 * (written by {@code io.sfnetl.etl.job.RejectsSource}). A {@code transform} row is the validated typed row that
 * Transform rejected (or its correction): it is checked against the spec's canonical typed form (required fields
 * present, each value of its type's JSON kind: integer, number, boolean, ISO date, ISO instant, string) and written
 * to Validate's staging part, so Transform transforms it. A {@code load} row is the transformed item that Load
 * rejected (or its correction): its target key attributes are composed again from the spec's templates (a corrected
 * field changes the key) and it is written to a {@value StagingKeys#ITEMS} staging part, which Transform hands on
 * unchanged. A row that fails is rejected with the stage whose form it has, so it can be reprocessed again. Offsets
 * and line numbers are those of the typed-rows object. Continuation as Validate's (cursor = offset and line).
 */
public final class TypedRows {
    private static final JsonLog LOG = JsonLog.get(TypedRows.class);
    private static final String TRANSFORM = "transform";
    private static final String LOAD = "load";

    private TypedRows() {
    }

    /**
     * Validate's output for a typed-rows chunk; same contract as {@code Validator.validate}.
     *
     * @param stage the stage name the reject lines of a malformed line carry ({@code validate})
     */
    public static StageOutput validate(software.amazon.awssdk.services.s3.S3Client s3, EtlConfig config,
                                       StageInput in, RunSpec run, String stage, String requestId,
                                       RemainingTime remaining) {
        ChunkRange range = in.range();
        DatasetSpec spec = run.spec();
        Counts counts = Counts.orZero(in.counts());
        Cursor cursor = in.cursor();
        long offset = cursor == null ? range.start() : cursor.offset();
        long line = cursor == null ? 1 : cursor.line();
        String bucket = in.stagingBucket();
        PartSink rows = new PartSink(s3, bucket, in.run(), in.chunk(), stage, counts.continuations(), requestId);
        PartSink items = new PartSink(s3, bucket, in.run(), in.chunk(), StagingKeys.ITEMS, counts.continuations(),
                requestId);
        KeyOf keyOf = run.transformer().keyOf();
        Cursor next = null;
        long read = 0;
        long bytes = 0;
        long valid = 0;
        long rejected = 0;
        InputStream stream = S3Objects.openFrom(s3, S3Uri.parse(range.object()), range.etag(), offset);
        try (BufferedInputStream lines = new BufferedInputStream(stream, 64 * 1024)) {
            for (byte[] text = readLine(lines); text != null && offset < range.end(); text = readLine(lines)) {
                if (read > 0 && remaining.getAsLong() < config.safetyMarginMillis()) {
                    next = Cursor.ofOffset(offset, line);
                    break;
                }
                long at = offset;
                long lineNo = line++;
                offset += text.length;
                String body = new String(text, StandardCharsets.UTF_8).strip();
                if (body.isEmpty()) {
                    continue;
                }
                read++;
                bytes += text.length;
                JsonNode typed = parse(body, range.object(), lineNo);
                String entry = typed.path("stage").asText();
                ObjectNode row = (ObjectNode) typed.get("row");
                List<String> reasons = switch (entry) {
                    case TRANSFORM -> checkTyped(spec, row);
                    case LOAD -> composeKey(keyOf, row);
                    default -> throw new IllegalStateException(range.object() + " line " + lineNo + " has stage '"
                            + entry + "'; typed rows enter at 'transform' or 'load'. Plan the reprocessing again.");
                };
                if (!reasons.isEmpty()) {
                    rows.reject(in.source(), at, lineNo, Masking.mask(spec, row).toString(), reasons, entry);
                    rejected++;
                } else if (TRANSFORM.equals(entry)) {
                    rows.row(at, lineNo, row);
                    valid++;
                } else {
                    items.row(at, lineNo, row);
                    valid++;
                }
            }
            rows.close();
            items.close();
        } catch (IOException e) {
            rows.abort();
            items.abort();
            throw new UncheckedIOException("Cannot read typed rows " + range.object() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rows.abort();
            items.abort();
            throw e;
        } finally {
            S3Objects.abortQuietly(stream);
        }
        Counts out = counts.plusRead(read, bytes).plusValid(valid).plusRejected(rejected);
        if (next != null) {
            out = out.plusContinuation();
        }
        LOG.info(next == null ? "validate done (typed rows)" : "validate continues (typed rows)", Map.of("run",
                in.run(), "chunk", in.chunk(), "requestId", requestId, "counts", out));
        List<String> written = new ArrayList<>(rows.written());
        written.addAll(items.written());
        return new StageOutput(next == null, next, PartSink.concat(in.written(), written),
                PartSink.concat(in.rejected(), PartSink.concat(rows.rejected(), items.rejected())), out, in.chunk());
    }

    /** One line with its {@code \n} (the last line may lack it), or null at the end. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        for (int b = in.read(); b >= 0; b = in.read()) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private static JsonNode parse(String body, String object, long line) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n.path("row").isObject()) {
                return n;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // reported below
        }
        throw new IllegalStateException(object + " line " + line + " is not a typed row ({\"stage\", \"row\": {...}});"
                + " the object was not written by RejectsSource. Plan the reprocessing again.");
    }

    /** The reasons a row is not in the spec's canonical typed form (empty when it is). */
    static List<String> checkTyped(DatasetSpec spec, ObjectNode row) {
        List<String> reasons = new ArrayList<>(0);
        for (FieldSpec f : spec.fields()) {
            JsonNode v = row.get(f.name());
            if (v == null || v.isNull()) {
                if (f.required()) {
                    reasons.add("field '" + f.name() + "': required but missing in the typed row");
                }
                continue;
            }
            String want = switch (f.type()) {
                case STRING -> v.isTextual() ? null : "a JSON string";
                case INTEGER -> v.isIntegralNumber() ? null : "a JSON integer";
                case DECIMAL -> v.isNumber() ? null : "a JSON number";
                case BOOLEAN -> v.isBoolean() ? null : "true or false";
                case DATE -> v.isTextual() && isDate(v.textValue()) ? null : "an ISO date string (YYYY-MM-DD)";
                case TIMESTAMP -> v.isTextual() && isInstant(v.textValue()) ? null
                        : "an ISO-8601 instant string (2024-01-31T12:00:00Z)";
            };
            if (want != null) {
                reasons.add("field '" + f.name() + "': a typed row holds " + f.type().specName() + " as " + want
                        + (f.sensitive() ? "" : ", not " + v));
            }
        }
        return reasons;
    }

    private static boolean isDate(String s) {
        return parses(s, LocalDate::parse);
    }

    private static boolean isInstant(String s) {
        return parses(s, Instant::parse);
    }

    private static boolean parses(String s, java.util.function.Function<String, ?> parser) {
        try {
            parser.apply(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Sets the item's key attributes from the spec's templates; the reasons it cannot (empty when it can). */
    static List<String> composeKey(KeyOf keyOf, ObjectNode item) {
        try {
            keyOf.apply(item);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of("target key: " + e.getMessage());
        }
    }
}
