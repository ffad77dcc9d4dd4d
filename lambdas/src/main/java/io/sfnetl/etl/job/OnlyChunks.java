package io.sfnetl.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.errors.InvalidInput;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The execution input's {@code onlyChunks} (statemachine/input.schema.json): re-run only these chunk ids of a plan
 * ({@code etl rerun-chunks}). Prepare plans the source exactly as the original run did (same source objects, same
 * {@code chunkBytes}: same ids and ranges) and writes only the named chunks to the manifest. Not thread-safe (one per
 * Prepare call).
 */
final class OnlyChunks {
    private final Set<String> wanted;
    private final Set<String> found = new TreeSet<>();

    private OnlyChunks(Set<String> wanted) {
        this.wanted = wanted;
    }

    /** @throws InvalidInput when {@code onlyChunks} is present but not a non-empty array of strings */
    static OnlyChunks of(JsonNode input) {
        JsonNode v = input == null ? null : input.get("onlyChunks");
        if (v == null || v.isNull()) {
            return new OnlyChunks(null);
        }
        Set<String> ids = new LinkedHashSet<>();
        if (v.isArray()) {
            v.forEach(e -> ids.add(e.isTextual() ? e.asText() : ""));
        }
        if (!v.isArray() || ids.isEmpty() || ids.contains("")) {
            throw new InvalidInput("/onlyChunks: must be a non-empty array of chunk ids (strings such as \"00003\", "
                    + "from a job record's failedChunks), was " + v);
        }
        return new OnlyChunks(ids);
    }

    boolean keep(String chunk) {
        if (wanted == null) {
            return true;
        }
        if (wanted.contains(chunk)) {
            found.add(chunk);
            return true;
        }
        return false;
    }

    /** @throws InvalidInput naming the ids that the plan does not have */
    void checkAllFound(String manifest) {
        if (wanted == null || found.size() == wanted.size()) {
            return;
        }
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(found);
        throw new InvalidInput("/onlyChunks: no chunk " + missing + " in the plan " + manifest + " (chunks planned: "
                + "see the manifest); the source or chunkBytes differ from the original run, so its chunk ids no longer "
                + "apply: re-run the whole source instead");
    }
}
