package io.sfnetl.etl.stage.internal;

import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.spec.SpecParser;
import io.sfnetl.etl.storage.S3Uri;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Parsed specs by S3 URI, kept per container. Safe because a stage is handed the run's frozen copy
 * ({@code manifests/<run>/spec.json}), which never changes. Holds the few most recent specs. Thread-safe.
 */
public final class SpecCache {
    private static final int MAX_ENTRIES = 8;
    private final S3Client s3;
    private final Map<String, RunSpec> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunSpec> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public SpecCache(S3Client s3) {
        this.s3 = s3;
    }

    public synchronized RunSpec get(String specUri) {
        RunSpec cached = cache.get(specUri);
        if (cached != null) {
            return cached;
        }
        S3Uri uri;
        try {
            uri = S3Uri.parse(specUri);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("Stage input 'spec': " + e.getMessage(), e);
        }
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(r -> r.bucket(uri.bucket()).key(uri.key())).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new InvalidInput("Stage input 'spec': " + specUri + " does not exist; pass the run's frozen spec "
                    + "(Prepare's output 'spec', manifests/<run>/spec.json)", e);
        }
        RunSpec spec = RunSpec.of(SpecParser.parse(new ByteArrayInputStream(bytes), specUri));
        cache.put(specUri, spec);
        return spec;
    }
}
