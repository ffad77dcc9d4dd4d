package io.sfnetl.etl.read;

import static io.sfnetl.etl.testing.Records.read;
import static io.sfnetl.etl.testing.Records.readAll;
import static io.sfnetl.etl.testing.TestSpecs.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.testing.TestSpecs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Splits small files into two ranges at EVERY byte offset k and checks that each record is read exactly once, with
 * the same offset, line and content as a whole-file read. Ranges are handed streams exactly as a stage does
 * ({@link ReadRange#streamStart()}).
 */
class ChunkBoundaryTest {
    private static final List<String> HEADER = List.of("id", "name", "email", "note");

    /** Multiline CSV: Prepare cuts at the first record start >= k (sequential scan) and passes exactStart=true. */
    @Test
    void split_multilineCsvAtEveryOffset_exactStartReadsEveryRecordOnce() {
        DatasetSpec spec = TestSpecs.spec("csv-multiline.json");
        byte[] data = resource("/data/multiline.csv");
        List<SourceRecord> all = readAll(spec, data);
        assertThat(all).hasSize(5);
        for (int k = 0; k <= data.length; k++) {
            SourceRecord cut = firstAtOrAfter(all, k);
            long cutAt = cut == null ? data.length : cut.offset();
            long firstLine = cut == null ? -1 : cut.line();
            List<SourceRecord> first = read(spec, data, new ReadRange(0, k, true, 1, null));
            List<SourceRecord> second = read(spec, data, new ReadRange(cutAt, data.length, true, firstLine, HEADER));
            assertSameRecords(k, all, first, second);
        }
    }

    /** Multiline CSV: the first range ends at k (not aligned) and reads on to finish its last record. */
    @Test
    void split_multilineCsvAtEveryOffset_firstRangeEndsAnywhere() {
        DatasetSpec spec = TestSpecs.spec("csv-multiline.json");
        byte[] data = resource("/data/multiline.csv");
        List<SourceRecord> all = readAll(spec, data);
        for (int k = 0; k <= data.length; k++) {
            final long end = k;
            List<SourceRecord> first = read(spec, data, new ReadRange(0, end, true, 1, null));
            assertThat(first).as("k=%d", k).extracting(SourceRecord::offset)
                    .containsExactlyElementsOf(all.stream().map(SourceRecord::offset).filter(o -> o < end).toList());
        }
    }

    /** Single-line CSV (with a BOM): ranges realign at the first newline (exactStart=false), lines unknown after 0. */
    @Test
    void split_singleLineCsvAtEveryOffset_newlineRealignmentReadsEveryRecordOnce() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json");
        byte[] data = resource("/data/simple-bom.csv");
        List<SourceRecord> all = readAll(spec, data);
        assertThat(all).hasSize(4);
        for (int k = 0; k <= data.length; k++) {
            List<SourceRecord> first = read(spec, data, new ReadRange(0, k, false, 1, null));
            List<SourceRecord> second = read(spec, data, new ReadRange(k, data.length, false, -1, HEADER));
            assertSameRecords(k, all, first, second);
        }
    }

    @Test
    void split_jsonLinesAtEveryOffset_newlineRealignmentReadsEveryRecordOnce() {
        DatasetSpec spec = TestSpecs.spec("jsonl-basic.json");
        byte[] data = resource("/data/events.jsonl");
        List<SourceRecord> all = readAll(spec, data);
        assertThat(all).hasSize(4);
        for (int k = 0; k <= data.length; k++) {
            List<SourceRecord> first = read(spec, data, new ReadRange(0, k, false, 1, null));
            List<SourceRecord> second = read(spec, data, new ReadRange(k, data.length, false, -1, null));
            assertSameRecords(k, all, first, second);
        }
    }

    @Test
    void split_jsonArrayAtEveryOffset_exactStartReadsEveryElementOnce() {
        DatasetSpec spec = TestSpecs.spec("json-array.json");
        byte[] data = resource("/data/events.json");
        List<SourceRecord> all = readAll(spec, data);
        assertThat(all).hasSize(4);
        for (int k = 0; k <= data.length; k++) {
            SourceRecord cut = firstAtOrAfter(all, k);
            long cutAt = cut == null ? data.length : cut.offset();
            List<SourceRecord> first = read(spec, data, new ReadRange(0, k, true, 1, null));
            List<SourceRecord> second = read(spec, data,
                    new ReadRange(cutAt, data.length, true, cut == null ? -1 : cut.line(), null));
            assertSameRecords(k, all, first, second);
        }
    }

    /** Three ranges of every width: each record in exactly one of them. */
    @Test
    void split_singleLineCsvIntoThreeRangesEverywhere_readsEveryRecordOnce() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json");
        byte[] data = "id,name,email,note\n1,a,,\n22,bb,,x\n333,ccc,,yy\n".getBytes(StandardCharsets.UTF_8);
        List<SourceRecord> all = readAll(spec, data);
        for (int a = 0; a <= data.length; a++) {
            for (int b = a; b <= data.length; b++) {
                List<SourceRecord> got = new ArrayList<>();
                got.addAll(read(spec, data, new ReadRange(0, a, false, 1, null)));
                got.addAll(read(spec, data, new ReadRange(a, b, false, -1, HEADER)));
                got.addAll(read(spec, data, new ReadRange(b, data.length, false, -1, HEADER)));
                assertThat(got).as("a=%d b=%d", a, b).extracting(SourceRecord::offset)
                        .containsExactlyElementsOf(all.stream().map(SourceRecord::offset).toList());
            }
        }
    }

    private static SourceRecord firstAtOrAfter(List<SourceRecord> all, long k) {
        return all.stream().filter(r -> r.offset() >= k).findFirst().orElse(null);
    }

    private static void assertSameRecords(int k, List<SourceRecord> all, List<SourceRecord> first,
            List<SourceRecord> second) {
        List<SourceRecord> got = new ArrayList<>(first);
        got.addAll(second);
        assertThat(got).as("split at k=%d", k).hasSameSizeAs(all);
        for (int i = 0; i < all.size(); i++) {
            SourceRecord want = all.get(i);
            SourceRecord have = got.get(i);
            assertThat(have.offset()).as("k=%d record %d offset", k, i).isEqualTo(want.offset());
            assertThat(have.nextOffset()).as("k=%d record %d nextOffset", k, i).isEqualTo(want.nextOffset());
            assertThat(have.raw()).as("k=%d record %d raw", k, i).isEqualTo(want.raw());
            assertThat(have.parseError()).as("k=%d record %d error", k, i).isNull();
            if (have.line() != -1) {
                assertThat(have.line()).as("k=%d record %d line", k, i).isEqualTo(want.line());
            }
        }
        assertThat(first).as("k=%d: first range owns records starting before k", k)
                .allMatch(r -> r.offset() < k);
    }
}
