package io.sfnetl.asl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Map Run's byte store: the same bytes back from the heap and, past the memory limit, from a temporary file. */
class ByteStoreTest {
    /** Appends entries of growing sizes (some larger than a block); returns them. */
    private static List<byte[]> fill(ByteStore store, List<Long> positions) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            byte[] e = new byte[i * 3_001 + (i == 30 ? 200_000 : 0)];
            for (int j = 0; j < e.length; j++) {
                e[j] = (byte) (i + j);
            }
            entries.add(e);
            positions.add(store.append(e, 0, e.length));
        }
        return entries;
    }

    private static void assertReadsBack(ByteStore store, List<byte[]> entries, List<Long> positions) throws Exception {
        // backwards: every read moves the file's read window
        for (int i = entries.size() - 1; i >= 0; i--) {
            byte[] back = new byte[entries.get(i).length];
            store.read(positions.get(i), back, 0, back.length);
            assertThat(back).as("entry %d", i).isEqualTo(entries.get(i));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.transferTo(positions.get(i), back.length, out);
            assertThat(out.toByteArray()).as("entry %d transferred", i).isEqualTo(entries.get(i));
        }
    }

    @Test
    void append_belowMemoryLimit_readsBackFromHeap() throws Exception {
        try (ByteStore store = new ByteStore("test bytes", 64L << 20)) {
            List<Long> positions = new ArrayList<>();
            List<byte[]> entries = fill(store, positions);
            assertThat(store.spilled()).isFalse();
            assertReadsBack(store, entries, positions);
        }
    }

    @Test
    void append_pastMemoryLimit_movesToFileAndReadsBack() throws Exception {
        try (ByteStore store = new ByteStore("test bytes", 100_000)) {
            List<Long> positions = new ArrayList<>();
            List<byte[]> entries = fill(store, positions);
            assertThat(store.spilled()).isTrue();
            assertThat(store.size()).isEqualTo(positions.get(59) + entries.get(59).length);
            assertReadsBack(store, entries, positions);
            // appends after reads keep going to the file
            byte[] more = "more".getBytes(StandardCharsets.US_ASCII);
            long at = store.append(more, 0, more.length);
            byte[] back = new byte[4];
            store.read(at, back, 0, 4);
            assertThat(back).isEqualTo(more);
        }
    }

    @Test
    void append_afterAnotherStoreClosed_reusesItsBlocksAndReadsOwnBytes() throws Exception {
        ByteStore first = new ByteStore("first", 64L << 20);
        fill(first, new ArrayList<>());
        first.close();
        try (ByteStore second = new ByteStore("second", 64L << 20)) {
            byte[] small = "{\"a\":1}".getBytes(StandardCharsets.US_ASCII);
            long at = second.append(small, 0, small.length);
            byte[] back = new byte[small.length];
            second.read(at, back, 0, back.length);
            assertThat(back).isEqualTo(small);
            List<Long> positions = new ArrayList<>();
            List<byte[]> entries = fill(second, positions);
            assertReadsBack(second, entries, positions);
        }
    }

    @Test
    void resultSpill_pastMemoryLimit_writesTheSameArrays() throws Exception {
        try (ResultSpill heap = new ResultSpill(3); ResultSpill file = new ResultSpill(3, 4)) {
            for (ResultSpill s : List.of(heap, file)) {
                s.put(2, ResultSpill.SUCCEEDED, "{\"c\":3}".getBytes(StandardCharsets.UTF_8), 0, 7);
                s.put(0, ResultSpill.FAILED, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 0, 7);
                s.put(1, ResultSpill.SUCCEEDED, "x{\"b\":2}".getBytes(StandardCharsets.UTF_8), 1, 7);
            }
            assertThat(heap.inMemory()).isTrue();
            assertThat(file.inMemory()).isFalse();
            for (ResultSpill s : List.of(heap, file)) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                s.writeArray(ResultSpill.NONE, all);
                assertThat(all.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1},{\"b\":2},{\"c\":3}]");
                ByteArrayOutputStream ok = new ByteArrayOutputStream();
                s.writeArray(ResultSpill.SUCCEEDED, ok);
                assertThat(ok.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"b\":2},{\"c\":3}]");
                assertThat(s.arrayLength(ResultSpill.SUCCEEDED)).isEqualTo(ok.size());
                assertThat(s.arrayLength(ResultSpill.PENDING)).isEqualTo(2);
            }
        }
    }
}
