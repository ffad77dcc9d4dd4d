package io.sfnetl.etl.storage;

import java.util.Objects;

/**
 * An {@code s3://bucket/key} location. The key may be empty (a whole bucket) or end in {@code /} (a prefix).
 */
public record S3Uri(String bucket, String key) {
    public S3Uri {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Parses {@code s3://bucket/key}.
     *
     * @throws IllegalArgumentException naming the value and the expected shape
     */
    public static S3Uri parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException("'" + uri + "' is not an S3 URI; write it as s3://bucket/key");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("'" + uri + "' has no bucket; write it as s3://bucket/key");
        }
        return new S3Uri(bucket, key);
    }

    public S3Uri resolve(String key) {
        return new S3Uri(bucket, key);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
