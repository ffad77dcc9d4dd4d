package io.sfnetl.asl;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An in-memory object store for ItemReader and ResultWriter, for tests and {@code etl run}. Thread-safe. */
public final class InMemoryObjectStore implements ItemReaderSource, ResultWriterSink {
    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();

    /** Stores an object. */
    public void put(String bucket, String key, String content) {
        putObject(bucket, key, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void putObject(String bucket, String key, byte[] content) {
        objects.put(bucket + "/" + key, content.clone());
    }

    /** The object's text, if present. */
    public Optional<String> get(String bucket, String key) {
        byte[] b = objects.get(bucket + "/" + key);
        return b == null ? Optional.empty() : Optional.of(new String(b, StandardCharsets.UTF_8));
    }

    /** All keys in {@code bucket}, in order. */
    public List<String> keys(String bucket) {
        return objects.keySet().stream().filter(k -> k.startsWith(bucket + "/"))
                .map(k -> k.substring(bucket.length() + 1)).toList();
    }

    @Override
    public InputStream getObject(String bucket, String key) {
        byte[] b = objects.get(bucket + "/" + key);
        if (b == null) {
            throw new StatesError("S3.NoSuchKey", "The specified key does not exist. (Service: S3, Status Code: 404) "
                    + "bucket '" + bucket + "', key '" + key + "'");
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public List<ObjectSummary> listObjects(String bucket, String prefix) {
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith(bucket + "/" + prefix))
                .map(e -> new ObjectSummary(e.getKey().substring(bucket.length() + 1), e.getValue().length,
                        "\"" + md5(e.getValue()) + "\"", Instant.EPOCH, "STANDARD")).toList();
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
