package io.sfnetl.etl.job.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3Uri;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

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
     * Reads a reject file line by line from one GET: memory holds one line, never the file. Blank lines are skipped;
     * a line ends at {@code \n} (a {@code \r} before it is dropped). {@link #offset()} and {@link #lineNo()} say where
     * the next line starts, so that a later call can {@linkplain #open(S3Client, S3Uri, long, int) open} the file
     * there. Not thread-safe; close it (a stream closed early is aborted, not drained).
     */
    public static final class Reader implements AutoCloseable {
        private final S3Uri part;
        private final InputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private int pos;
        private int limit;
        private long offset;
        private int lineNo;
        private boolean ended;

        private Reader(S3Uri part, InputStream in, long offset, int lineNo) {
            this.part = part;
            this.in = in;
            this.offset = offset;
            this.lineNo = lineNo;
        }

        /**
         * Opens a reject file.
         *
         * @throws SourceNotFound when it does not exist
         */
        public static Reader open(S3Client s3, S3Uri part) {
            return open(s3, part, 0, 0);
        }

        /**
         * Opens a reject file at {@code offset}, the start of line {@code linesBefore + 1}.
         *
         * @throws SourceNotFound when it does not exist
         */
        public static Reader open(S3Client s3, S3Uri part, long offset, int linesBefore) {
            try {
                return new Reader(part, S3Objects.openFrom(s3, part, null, offset), offset, linesBefore);
            } catch (NoSuchKeyException e) {
                throw new SourceNotFound("Reject file " + part + " does not exist (expired, or a wrong path); fix "
                        + "'source'", e);
            } catch (S3Exception e) {
                if (e.statusCode() != 416 || offset == 0) {
                    throw e;
                }
                // opened at its end (the previous call stopped after its last line): nothing left to read
                return new Reader(part, InputStream.nullInputStream(), offset, linesBefore);
            }
        }

        /** The byte offset where the next line starts. */
        public long offset() {
            return offset;
        }

        /** Lines read so far (blank ones included): the next line is {@code lineNo() + 1}. */
        public int lineNo() {
            return lineNo;
        }

        /**
         * The next reject line, or null at the end.
         *
         * @throws InvalidInput when a line is not JSON, naming the file and line
         */
        public RejectLine next() {
            for (String text = readLine(); text != null; text = readLine()) {
                if (text.isBlank()) {
                    continue;
                }
                try {
                    return new RejectLine(part, lineNo, Json.MAPPER.readTree(text));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new InvalidInput(part + " line " + lineNo + " is not a reject line (JSON {\"object\", "
                            + "\"offset\", \"line\", \"raw\", \"reasons\", \"stage\"}): " + e.getOriginalMessage(), e);
                }
            }
            return null;
        }

        private String readLine() {
            line.reset();
            try {
                while (true) {
                    if (pos == limit) {
                        int n = in.read(buf);
                        if (n < 0) {
                            ended = true;
                            if (line.size() == 0) {
                                return null;
                            }
                            offset += line.size();
                            lineNo++;
                            return text();
                        }
                        pos = 0;
                        limit = n;
                    }
                    int start = pos;
                    while (pos < limit && buf[pos] != '\n') {
                        pos++;
                    }
                    line.write(buf, start, pos - start);
                    if (pos < limit) {
                        pos++;
                        offset += line.size() + 1;
                        lineNo++;
                        return text();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + part + ": " + e.getMessage(), e);
            }
        }

        private String text() {
            int n = line.size();
            byte[] bytes = line.toByteArray();
            return new String(bytes, 0, n > 0 && bytes[n - 1] == '\r' ? n - 1 : n, StandardCharsets.UTF_8);
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
