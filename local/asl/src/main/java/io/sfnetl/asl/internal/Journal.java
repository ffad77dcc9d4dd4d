package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The execution journal of an engine: one append-only file of JSON lines per top-level execution (its Distributed Map
 * children included), {@code <dir>/<url-encoded state machine name:execution name>.jsonl}. Records ({@code "k"}):
 * {@code start} (a run's identity, input, and for a top-level run its definition), {@code event} (a history event),
 * {@code step} (a {@link Checkpoint}), {@code maprun} / {@code maprunDone} (a Distributed Map's Map Run),
 * {@code redrive} and {@code end}. Steps and ends are fsync'ed; other records are written straight to the file (no
 * user-space buffer), so a killed process loses none of them, only a power loss could lose the unsynced tail.
 * Thread-safe.
 */
public final class Journal {
    static final String SUFFIX = ".jsonl";
    private final Path dir;
    private final BooleanSupplier halted;

    public Journal(Path dir, BooleanSupplier halted) {
        this.dir = dir.toAbsolutePath();
        this.halted = halted;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the execution journal directory " + this.dir + ": " + e.getMessage()
                    + "; check the path and its permissions", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The journal file of the top-level execution {@code stateMachineName:name}. */
    public Path path(String stateMachineName, String name) {
        return dir.resolve(URLEncoder.encode(stateMachineName + ":" + name, StandardCharsets.UTF_8) + SUFFIX);
    }

    /** Creates (or reopens, to append) the journal file of the top-level execution {@code smName:name}. */
    public File open(String stateMachineName, String name) {
        Path p = path(stateMachineName, name);
        try {
            return new File(p, FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), halted);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the execution journal " + p + ": " + e.getMessage(), e);
        }
    }

    /** Every journal file, oldest first. */
    public List<Path> files() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted(java.util.Comparator.comparing(Journal::modified).thenComparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the execution journal " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).creationTime().toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** One execution's journal file. */
    public static final class File {
        private final Path path;
        private final FileChannel channel;
        private final BooleanSupplier halted;

        File(Path path, FileChannel channel, BooleanSupplier halted) {
            this.path = path;
            this.channel = channel;
            this.halted = halted;
        }

        public Path path() {
            return path;
        }

        /** Appends one record; with {@code sync} forces it to disk. Does nothing once the engine was halted. */
        public synchronized void append(ObjectNode record, boolean sync) {
            if (halted.getAsBoolean() || !channel.isOpen()) {
                return;
            }
            byte[] line = (Json.write(record) + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                if (sync) {
                    channel.force(false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the execution journal " + path + ": " + e.getMessage()
                        + "; check free disk space", e);
            }
        }

        public synchronized void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing after the final record: nothing is lost.
            }
        }
    }
}
