package io.sfnetl.local.twin;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Draws an ETL execution's progress line on stderr from snapshots (what a follower polling the Step Functions API
 * learns): the current top-level state, chunks done out of planned, rows loaded so far. On a terminal it redraws one
 * line; otherwise it prints a line whenever something changed, at most every few seconds. Thread-safe.
 */
public final class Progress {
    /**
     * What is known of the execution now.
     *
     * @param state the current top-level state's name
     * @param planned the number of chunks (items of the map run), or -1 while the Map has not started
     * @param succeeded chunks succeeded
     * @param failed chunks failed, timed out or aborted
     * @param running chunks running
     * @param loaded rows loaded by the succeeded chunks
     */
    public record Snapshot(String state, long planned, long succeeded, long failed, long running, long loaded) {
        public static final Snapshot STARTING = new Snapshot("starting", -1, 0, 0, 0, 0);
    }

    private final PrintStream out;
    private final boolean tty;
    private final long startNanos = System.nanoTime();
    private volatile Snapshot snapshot = Snapshot.STARTING;
    private volatile String lastLine = "";
    private volatile long lastPrintNanos;

    public Progress(PrintStream out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    public void update(Snapshot s) {
        this.snapshot = s;
    }

    /** Draws the line if it changed (and, off a terminal, not more often than every 3 s). */
    public synchronized void tick() {
        String line = line();
        long now = System.nanoTime();
        if (tty) {
            out.print("\r" + line + "   ");
            out.flush();
        } else if (!line.equals(lastLine) && now - lastPrintNanos > 3_000_000_000L) {
            out.println(line);
            lastPrintNanos = now;
        }
        lastLine = line;
    }

    /** Ends the progress line so that what follows starts on a fresh one. */
    public synchronized void finish() {
        out.println(tty ? "\r" + line() + "   " : line());
    }

    String line() {
        Snapshot s = snapshot;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[%3ds] %-16s", elapsed.toSeconds(), s.state()));
        if (s.planned() >= 0) {
            long done = s.succeeded() + s.failed();
            int width = 24;
            int filled = s.planned() == 0 ? width : (int) Math.min(width, done * width / s.planned());
            b.append(" [").append("#".repeat(filled)).append(".".repeat(width - filled)).append(']');
            b.append(String.format(Locale.ROOT, " chunks %d/%d", done, s.planned()));
            if (s.running() > 0) {
                b.append(String.format(Locale.ROOT, " (%d running)", s.running()));
            }
            if (s.failed() > 0) {
                b.append(String.format(Locale.ROOT, " %d failed", s.failed()));
            }
            b.append(String.format(Locale.ROOT, ", %,d rows loaded", s.loaded()));
            long secs = elapsed.toSeconds();
            if (secs > 0 && s.loaded() > 0) {
                b.append(String.format(Locale.ROOT, ", %,d rows/s", s.loaded() / secs));
            }
            if (done > 0 && done < s.planned() && secs > 0) {
                b.append(String.format(Locale.ROOT, ", ETA %ds", secs * (s.planned() - done) / done));
            }
        }
        return b.toString();
    }
}
