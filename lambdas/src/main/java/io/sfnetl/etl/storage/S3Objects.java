package io.sfnetl.etl.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** Small helpers over {@link S3Client} for the JSON documents of a run. */
public final class S3Objects {
    private S3Objects() {
    }

    public static byte[] readBytes(S3Client s3, S3Uri uri) {
        return s3.getObjectAsBytes(r -> r.bucket(uri.bucket()).key(uri.key())).asByteArray();
    }

    public static JsonNode readJson(S3Client s3, S3Uri uri) {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(uri.bucket()).key(uri.key()))) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read JSON from " + uri + ": " + e.getMessage(), e);
        }
    }

    public static void putJson(S3Client s3, S3Uri uri, Object value) {
        try {
            putBytes(s3, uri, Json.MAPPER.writeValueAsBytes(value), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void putBytes(S3Client s3, S3Uri uri, byte[] bytes, String contentType) {
        s3.putObject(r -> r.bucket(uri.bucket()).key(uri.key()).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    /**
     * Opens {@code bytes=<from>-} (open-ended) of an object, or the whole object when {@code from} is 0. The caller
     * {@linkplain ResponseInputStream#abort() aborts} the stream once it has read what it needs.
     *
     * @param etag when non-null, the object must still have this ETag (a changed source fails instead of mixing
     *     versions)
     */
    public static ResponseInputStream<GetObjectResponse> openFrom(S3Client s3, S3Uri uri, String etag, long from) {
        return s3.getObject(r -> {
            r.bucket(uri.bucket()).key(uri.key());
            if (from > 0) {
                r.range("bytes=" + from + "-");
            }
            if (etag != null) {
                r.ifMatch(etag);
            }
        });
    }

    /** Opens the first {@code bytes} bytes of an object (a small ranged GET, e.g. for a CSV header). */
    public static ResponseInputStream<GetObjectResponse> openHead(S3Client s3, S3Uri uri, String etag, long bytes) {
        return s3.getObject(r -> {
            r.bucket(uri.bucket()).key(uri.key()).range("bytes=0-" + (bytes - 1));
            if (etag != null) {
                r.ifMatch(etag);
            }
        });
    }

    /** Closes a response stream without draining it. */
    public static void abortQuietly(InputStream in) {
        if (in instanceof ResponseInputStream<?> r) {
            r.abort();
        }
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // The stream is being dropped; a close failure changes nothing for the caller.
        }
    }
}
