package io.sfnetl.asl.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only bytes of a Map Run (its children's inputs, their ResultWriter entries), read back by position. Held in
 * the heap in blocks up to a memory limit; past it every byte moves to a temporary file and the heap keeps only a
 * write buffer and a read window, so that a Map Run of any size holds a bounded heap. Thread-safe.
 */
final class ByteStore implements AutoCloseable {
    /** The default memory limit: a Map Run's inputs or results up to this size never touch the disk. */
    static final long MEMORY_LIMIT = 8L << 20;
    private static final int BLOCK = 1 << 16;
    /**
     * Blocks of closed stores, for the next ones: a Map Run after another allocates (and zeroes) no new blocks. At most
     * 64 blocks (4 MiB) stay in the heap between Map Runs.
     */
    private static final java.util.concurrent.ArrayBlockingQueue<byte[]> FREE =
            new java.util.concurrent.ArrayBlockingQueue<>(64);

    private final String what;
    private final long memoryLimit;
    /** In memory: every byte, in blocks of {@value #BLOCK}; empty once spilled. */
    private final List<byte[]> blocks = new ArrayList<>();
    private long size;
    // Once spilled:
    private Path file;
    private FileChannel channel;
    /** Bytes appended after {@link #written}, not yet in the file. */
    private byte[] pending;
    private int buffered;
    private long written;
    private ByteBuffer window;
    private long windowStart;

    /**
     * @param what what the bytes are, for error messages ("the Distributed Map's inputs")
     * @param memoryLimit bytes held in the heap before the store moves to a temporary file
     */
    ByteStore(String what, long memoryLimit) {
        this.what = what;
        this.memoryLimit = memoryLimit;
    }

    /** Appends {@code len} bytes; returns the position of the first. */
    synchronized long append(byte[] b, int off, int len) {
        long at = size;
        try {
            if (channel == null && at + len > memoryLimit) {
                spill();
            }
            if (channel == null) {
                int copied = 0;
                while (copied < len) {
                    int inBlock = (int) ((at + copied) % BLOCK);
                    if (inBlock == 0) {
                        byte[] free = FREE.poll();
                        blocks.add(free != null ? free : new byte[BLOCK]);
                    }
                    int n = Math.min(len - copied, BLOCK - inBlock);
                    System.arraycopy(b, off + copied, blocks.get(blocks.size() - 1), inBlock, n);
                    copied += n;
                }
            } else if (len > pending.length - buffered) {
                flush();
                if (len > pending.length) {
                    write(ByteBuffer.wrap(b, off, len));
                } else {
                    System.arraycopy(b, off, pending, 0, len);
                    buffered = len;
                }
            } else {
                System.arraycopy(b, off, pending, buffered, len);
                buffered += len;
            }
        } catch (IOException e) {
            throw failed("write", e);
        }
        size = at + len;
        return at;
    }

    /** Copies {@code len} bytes from {@code position} into {@code dst}. */
    synchronized void read(long position, byte[] dst, int off, int len) {
        for (int copied = 0; copied < len; ) {
            int n = Math.min(len - copied, locate(position + copied));
            System.arraycopy(segment, segmentOffset, dst, off + copied, n);
            copied += n;
        }
    }

    /** Writes {@code len} bytes from {@code position} to {@code out}. */
    synchronized void transferTo(long position, long len, OutputStream out) throws IOException {
        for (long done = 0; done < len; ) {
            int n = (int) Math.min(len - done, locate(position + done));
            out.write(segment, segmentOffset, n);
            done += n;
        }
    }

    /** Set by {@link #locate}: the array and offset holding the byte at the position it was given. */
    private byte[] segment;
    private int segmentOffset;

    /** Points {@link #segment} at position {@code p} (below {@link #size}); returns how many bytes follow it there. */
    private int locate(long p) {
        if (channel == null) {
            segment = blocks.get((int) (p / BLOCK));
            segmentOffset = (int) (p % BLOCK);
            return BLOCK - segmentOffset;
        }
        try {
            flush();
            if (p < windowStart || p >= windowStart + window.limit()) {
                windowStart = p;
                window.clear().limit((int) Math.min(window.capacity(), written - p));
                while (window.hasRemaining()) {
                    if (channel.read(window, windowStart + window.position()) < 0) {
                        throw new IOException("unexpected end of " + file);
                    }
                }
            }
        } catch (IOException e) {
            throw failed("read", e);
        }
        segment = window.array();
        segmentOffset = (int) (p - windowStart);
        return window.limit() - segmentOffset;
    }

    /** True once the bytes moved to a temporary file. */
    synchronized boolean spilled() {
        return channel != null;
    }

    synchronized long size() {
        return size;
    }

    private void spill() throws IOException {
        file = Files.createTempFile("sfnetl-map-", ".bin");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
        pending = new byte[BLOCK];
        window = ByteBuffer.allocate(BLOCK).limit(0);
        windowStart = 0;
        for (int i = 0; i < blocks.size(); i++) {
            int n = (int) Math.min(BLOCK, size - (long) i * BLOCK);
            write(ByteBuffer.wrap(blocks.get(i), 0, n));
        }
        recycle();
    }

    /** Gives the blocks to the next stores. */
    private void recycle() {
        for (byte[] b : blocks) {
            if (!FREE.offer(b)) {
                break;
            }
        }
        blocks.clear();
    }

    private void flush() throws IOException {
        if (buffered > 0) {
            write(ByteBuffer.wrap(pending, 0, buffered));
            buffered = 0;
        }
    }

    private void write(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            written += channel.write(buf, written);
        }
    }

    private UncheckedIOException failed(String op, IOException e) {
        return new UncheckedIOException("Cannot " + op + " " + what + " in the temporary file " + file
                + " (java.io.tmpdir=" + System.getProperty("java.io.tmpdir") + "): " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        recycle();
        if (channel != null) {
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // DELETE_ON_CLOSE, or deleted on exit at the latest
                file.toFile().deleteOnExit();
            }
        }
    }
}
