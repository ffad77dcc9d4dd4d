package io.sfnetl.etl.storage;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A streaming S3 object writer: bytes are buffered up to {@code bufferBytes}; a small object is sent with one
 * PutObject at {@link #close()}, a larger one as a multipart upload of {@code bufferBytes} parts. Memory is bounded
 * by the buffer, never by the object. {@link #abort()} drops an unfinished upload. Not thread-safe.
 */
public final class S3PartWriter extends OutputStream {
    /** S3's minimum multipart part size (all parts but the last). */
    public static final int MIN_PART_BYTES = 5 * 1024 * 1024;
    public static final int DEFAULT_BUFFER_BYTES = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final byte[] buf;
    private int len;
    private long total;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private boolean closed;
    private String eTag;

    public S3PartWriter(S3Client s3, String bucket, String key, String contentType) {
        this(s3, bucket, key, contentType, DEFAULT_BUFFER_BYTES);
    }

    public S3PartWriter(S3Client s3, String bucket, String key, String contentType, int bufferBytes) {
        if (bufferBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("bufferBytes must be at least " + MIN_PART_BYTES + " (S3's minimum part size)");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
        this.buf = new byte[bufferBytes];
    }

    public String key() {
        return key;
    }

    /** The stored object's ETag once {@link #close()} completed it, else null. */
    public String eTag() {
        return eTag;
    }

    /** Bytes written so far. */
    public long size() {
        return total;
    }

    @Override
    public void write(int b) {
        if (len == buf.length) {
            flushPart();
        }
        buf[len++] = (byte) b;
        total++;
    }

    @Override
    public void write(byte[] b, int off, int n) {
        while (n > 0) {
            if (len == buf.length) {
                flushPart();
            }
            int k = Math.min(n, buf.length - len);
            System.arraycopy(b, off, buf, len, k);
            len += k;
            off += k;
            n -= k;
            total += k;
        }
    }

    private void flushPart() {
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType(contentType)).uploadId();
        }
        int number = parts.size() + 1;
        String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(java.util.Arrays.copyOf(buf, len))).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        len = 0;
    }

    /**
     * Completes the object (PutObject or CompleteMultipartUpload). Idempotent. When completing fails, the multipart
     * upload is aborted before the exception is rethrown.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (uploadId == null) {
                eTag = s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType),
                        RequestBody.fromBytes(java.util.Arrays.copyOf(buf, len))).eTag();
                return;
            }
            if (len > 0) {
                flushPart();
            }
            eTag = s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))).eTag();
        } catch (RuntimeException e) {
            abortUpload();
            throw e;
        }
    }

    /** Drops what was written: nothing is stored under the key. Safe to call after a failure. */
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        abortUpload();
    }

    private void abortUpload() {
        if (uploadId != null) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException ignored) {
                // Best effort: an unfinished upload is garbage that no stage lists; a lifecycle rule expires it.
            }
        }
    }
}
