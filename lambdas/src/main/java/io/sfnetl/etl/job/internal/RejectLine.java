package io.sfnetl.etl.job.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3Uri;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * One line of a reject file, {@code {"object","offset","line","raw","reasons","stage"}}, as read.
 *
 * @param part the reject file
 * @param lineNo its 1-based line number in {@code part}
 * @param json the parsed line
 */
public record RejectLine(S3Uri part, int lineNo, JsonNode json) {
    /** The stage that rejected it ({@code validate} when the line does not say). */
    public String stage() {
        return json.path("stage").asText("validate");
    }

    /** The source object it came from, or null. */
    public String object() {
        return json.path("object").asText(null);
    }

    /** Its byte offset in {@link #object()}, or -1. */
    public long offset() {
        return json.path("offset").asLong(-1);
    }

    /** The rejected record or typed row as a string, or null. */
    public String raw() {
        return json.path("raw").asText(null);
    }

    /** Where it is, for messages: reject file and line, stage, source object and line. */
    public String where() {
        return part + " line " + lineNo + " (stage " + stage() + ", source " + object() + " line "
                + json.path("line").asText("?") + ")";
    }

    /**
     * Reads a reject file line by line from one GET: memory holds one line, never the file. Blank lines are skipped.
     * Not thread-safe; close it (a stream closed early is aborted, not drained).
     */
    public static final class Reader implements AutoCloseable {
        private final S3Uri part;
        private final InputStream in;
        private final BufferedReader lines;
        private int lineNo;
        private boolean ended;

        private Reader(S3Uri part, InputStream in) {
            this.part = part;
            this.in = in;
            this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
        }

        /**
         * Opens a reject file.
         *
         * @throws SourceNotFound when it does not exist
         */
        public static Reader open(S3Client s3, S3Uri part) {
            try {
                return new Reader(part, S3Objects.openFrom(s3, part, null, 0));
            } catch (NoSuchKeyException e) {
                throw new SourceNotFound("Reject file " + part + " does not exist (expired, or a wrong path); fix "
                        + "'source'", e);
            }
        }

        /**
         * The next reject line, or null at the end.
         *
         * @throws InvalidInput when a line is not JSON, naming the file and line
         */
        public RejectLine next() {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        return new RejectLine(part, lineNo, Json.MAPPER.readTree(line));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new InvalidInput(part + " line " + lineNo + " is not a reject line (JSON {\"object\", "
                                + "\"offset\", \"line\", \"raw\", \"reasons\", \"stage\"}): " + e.getOriginalMessage(), e);
                    }
                }
                ended = true;
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + part + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (!ended) {
                S3Objects.abortQuietly(in);
                return;
            }
            try {
                in.close();
            } catch (IOException e) {
                // read to the end: nothing is lost by a failed close
            }
        }
    }
}
