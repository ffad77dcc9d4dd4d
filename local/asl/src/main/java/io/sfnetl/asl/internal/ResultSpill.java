package io.sfnetl.asl.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The ResultWriter entries of a Map Run's children, kept in a {@link ByteStore} as the children end (in the heap up to
 * its memory limit, then in a temporary file): per child index its status and the bytes of its entries
 * (comma-separated JSON values, as WriterConfig's Transformation shapes them). Besides the store, only an offset, a
 * length and a status per child. A child that runs again (redrive, resume) replaces its entry. Thread-safe.
 */
final class ResultSpill implements AutoCloseable {
    /** Status codes, in the order of the result files. */
    static final byte NONE = 0;
    static final byte FAILED = 1;
    static final byte PENDING = 2;
    static final byte SUCCEEDED = 3;

    private final ByteStore store;
    private final long[] offsets;
    private final int[] lengths;
    private final byte[] statuses;

    ResultSpill(int size) {
        this(size, ByteStore.MEMORY_LIMIT);
    }

    /** A spill whose entries move to a temporary file past {@code memoryLimit} bytes. */
    ResultSpill(int size, long memoryLimit) {
        this.store = new ByteStore("the Map Run's results", memoryLimit);
        this.offsets = new long[size];
        this.lengths = new int[size];
        this.statuses = new byte[size];
    }

    static byte status(String executionStatus) {
        return switch (executionStatus) {
            case "SUCCEEDED" -> SUCCEEDED;
            case "PENDING" -> PENDING;
            default -> FAILED;
        };
    }

    /** Records child {@code index}'s entries ({@code len} may be 0: a FLATTEN of an empty array). */
    synchronized void put(int index, byte status, byte[] entries, int off, int len) {
        offsets[index] = store.append(entries, off, len);
        lengths[index] = len;
        statuses[index] = status;
    }

    synchronized byte status(int index) {
        return statuses[index];
    }

    private boolean selected(int i, byte status) {
        return statuses[i] != NONE && (status == NONE || statuses[i] == status) && lengths[i] > 0;
    }

    /** True when some child of {@code status} (any status when NONE) has at least one entry. */
    synchronized boolean any(byte status) {
        for (int i = 0; i < statuses.length; i++) {
            if (selected(i, status)) {
                return true;
            }
        }
        return false;
    }

    /** The length of what {@link #writeArray} writes for {@code status}. */
    synchronized long arrayLength(byte status) {
        long n = 2;
        int count = 0;
        for (int i = 0; i < statuses.length; i++) {
            if (selected(i, status)) {
                n += lengths[i];
                count++;
            }
        }
        return count == 0 ? n : n + count - 1;
    }

    /** True while the entries are in the heap (no temporary file). */
    synchronized boolean inMemory() {
        return !store.spilled();
    }

    /**
     * Writes {@code [e1,e2,...]}: the entries of the children of {@code status} (NONE: every child), by index.
     * Children mostly end in index order, so the store's read window serves many entries at once.
     */
    synchronized void writeArray(byte status, OutputStream out) throws IOException {
        out.write('[');
        boolean first = true;
        for (int i = 0; i < statuses.length; i++) {
            if (!selected(i, status)) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            store.transferTo(offsets[i], lengths[i], out);
        }
        out.write(']');
    }

    @Override
    public synchronized void close() {
        store.close();
    }
}
