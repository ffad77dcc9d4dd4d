package io.sfnetl.local.services.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory ({@code .lock} inside it, holding the owner's pid), so that two
 * LocalServices never share one sqlite database or blob directory. Released by {@link #close()} or when
 * the process ends (the OS drops the lock, even after SIGKILL).
 */
public final class DataDirLock implements AutoCloseable {

    public static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws IllegalStateException if another LocalServices (this process or another) holds the directory;
     *                               the message names the holder's pid when known
     */
    public static DataDirLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            String holder = readHolder(file);
            throw new IllegalStateException("the data directory " + dataDir + " is in use by another local services "
                    + "instance (" + (holder.isEmpty() ? "unknown process" : "pid " + holder)
                    + "). Stop that one (for example a running `etl local up`) or choose another directory.");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
        channel.force(false);
        return new DataDirLock(channel, lock);
    }

    private static String readHolder(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
