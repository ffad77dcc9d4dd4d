package io.sfnetl.asl.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The ResultWriter entries of a Map Run's children, kept in a temporary file as the children end instead of in the
 * heap: per child index its status and the bytes of its entries (comma-separated JSON values, as WriterConfig's
 * Transformation shapes them). In memory only an offset, a length and a status per child. A child that runs again
 * (redrive, resume) replaces its entry. Thread-safe.
 */
final class ResultSpill implements AutoCloseable {
    /** Status codes, in the order of the result files. */
    static final byte NONE = 0;
    static final byte FAILED = 1;
    static final byte PENDING = 2;
    static final byte SUCCEEDED = 3;

    private final Path file;
    private final FileChannel channel;
    private final long[] offsets;
    private final int[] lengths;
    private final byte[] statuses;
    private static final int BUFFER = 1 << 18;
    private final byte[] buffer = new byte[BUFFER];
    private int buffered;
    /** Bytes in the file. */
    private long written;

    ResultSpill(int size) {
        try {
            this.file = Files.createTempFile("sfnetl-map-results-", ".json");
            file.toFile().deleteOnExit();
            this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary file for the Map Run's results (java.io.tmpdir="
                    + System.getProperty("java.io.tmpdir") + "): " + e.getMessage(), e);
        }
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

    /**
     * Records child {@code index}'s entries ({@code len} may be 0: a FLATTEN of an empty array). Entries are
     * gathered in a buffer of {@value #BUFFER} bytes and written to the file when it is full (one write per
     * hundreds of children, not one per child).
     */
    synchronized void put(int index, byte status, byte[] entries, int off, int len) {
        try {
            if (len > buffer.length - buffered) {
                flush();
            }
            long at = written + buffered;
            if (len > buffer.length) {
                write(ByteBuffer.wrap(entries, off, len));
                written += len;
            } else {
                System.arraycopy(entries, off, buffer, buffered, len);
                buffered += len;
            }
            offsets[index] = at;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Map Run's results to " + file + ": " + e.getMessage(), e);
        }
        lengths[index] = len;
        statuses[index] = status;
    }

    private void flush() throws IOException {
        if (buffered > 0) {
            write(ByteBuffer.wrap(buffer, 0, buffered));
            written += buffered;
            buffered = 0;
        }
    }

    private void write(ByteBuffer buf) throws IOException {
        long at = written;
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
    }

    synchronized byte status(int index) {
        return statuses[index];
    }

    /** True when some child of {@code status} (any status when NONE) has at least one entry. */
    synchronized boolean any(byte status) {
        for (int i = 0; i < statuses.length; i++) {
            if ((status == NONE || statuses[i] == status) && statuses[i] != NONE && lengths[i] > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes {@code [e1,e2,...]}: the entries of the children of {@code status} (NONE: every child), by index. Reads
     * the file through a window of {@value #BUFFER} bytes: children mostly end in index order, so a window serves many.
     */
    synchronized void writeArray(byte status, OutputStream out) throws IOException {
        flush();
        out.write('[');
        boolean first = true;
        ByteBuffer window = ByteBuffer.wrap(buffer);
        long windowStart = 0;
        window.limit(0);
        for (int i = 0; i < statuses.length; i++) {
            if (statuses[i] == NONE || (status != NONE && statuses[i] != status) || lengths[i] == 0) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            long at = offsets[i];
            long end = at + lengths[i];
            while (at < end) {
                if (at < windowStart || at >= windowStart + window.limit()) {
                    windowStart = at;
                    window.clear().limit((int) Math.min(buffer.length, written - at));
                    while (window.hasRemaining()) {
                        if (channel.read(window, windowStart + window.position()) < 0) {
                            throw new IOException("unexpected end of " + file);
                        }
                    }
                }
                int from = (int) (at - windowStart);
                int n = (int) Math.min(end - at, window.limit() - from);
                out.write(buffer, from, n);
                at += n;
            }
        }
        out.write(']');
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file: deleted on exit at the latest
        }
    }
}
