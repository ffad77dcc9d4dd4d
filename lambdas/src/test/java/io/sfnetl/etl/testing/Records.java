package io.sfnetl.etl.testing;

import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.spec.DatasetSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads records from byte arrays as a stage would, honouring {@link ReadRange#streamStart()}. */
public final class Records {
    private Records() {
    }

    public static List<SourceRecord> readAll(DatasetSpec spec, byte[] data) {
        return read(spec, data, ReadRange.whole());
    }

    public static List<SourceRecord> readAll(DatasetSpec spec, String data) {
        return readAll(spec, data.getBytes(StandardCharsets.UTF_8));
    }

    public static List<SourceRecord> read(DatasetSpec spec, byte[] data, ReadRange range) {
        int from = (int) range.streamStart();
        List<SourceRecord> out = new ArrayList<>();
        try (RecordReader r = RecordReaders.open(spec,
                new ByteArrayInputStream(data, from, data.length - from), range)) {
            for (SourceRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
        }
        return out;
    }

    /**
     * A well-formed CSV record with the given column values, changed by {@code overrides} (pairs of column and
     * value; a null value removes the column).
     */
    public static SourceRecord csv(java.util.Map<String, String> values, String... overrides) {
        java.util.Map<String, String> v = new java.util.LinkedHashMap<>(values);
        for (int k = 0; k < overrides.length; k += 2) {
            v.put(overrides[k], overrides[k + 1]);
        }
        return new SourceRecord(0, 1, 2, "raw", v, null, null);
    }
}
