package io.sfnetl.local.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionListener;
import io.sfnetl.asl.HistoryEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows an ETL execution from its history events and draws a progress line on stderr: the current top-level
 * state, chunks done out of planned, and rows loaded so far. On a terminal it redraws one line; otherwise it
 * prints a line whenever something changed, at most every few seconds. Thread-safe.
 */
public final class Progress implements ExecutionListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;
    private final boolean tty;
    private final long startNanos = System.nanoTime();
    private final AtomicReference<String> state = new AtomicReference<>("starting");
    private final AtomicInteger planned = new AtomicInteger(-1);
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong loaded = new AtomicLong();
    private final AtomicReference<String> firstChildFailure = new AtomicReference<>();
    private volatile String lastLine = "";
    private volatile long lastPrintNanos;

    public Progress(PrintStream out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    @Override
    public void onEvent(Execution execution, HistoryEvent event) {
        boolean child = execution.parentArn() != null;
        String type = event.type();
        if (!child) {
            if (type.endsWith("StateEntered") && event.details() != null) {
                state.set(event.details().path("name").asText(state.get()));
            } else if (type.equals("TaskSucceeded") && event.details() != null) {
                JsonNode payload = parse(event.details().path("output").asText()).path("Payload");
                if (payload.has("chunks") && payload.path("done").asBoolean(false)) {
                    planned.set(payload.path("chunks").asInt());
                }
            }
            return;
        }
        switch (type) {
            case "ExecutionStarted" -> running.incrementAndGet();
            case "ExecutionSucceeded" -> {
                running.decrementAndGet();
                succeeded.incrementAndGet();
                JsonNode output = parse(event.details() == null ? "" : event.details().path("output").asText());
                loaded.addAndGet(output.path("counts").path("loaded").asLong(0));
            }
            case "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted" -> {
                running.decrementAndGet();
                failed.incrementAndGet();
                if (event.details() != null) {
                    firstChildFailure.compareAndSet(null, execution.name() + ": " + event.details().path("error").asText(type)
                            + ": " + event.details().path("cause").asText(""));
                }
            }
            default -> {
            }
        }
    }

    /** The first failed chunk execution's name, error and cause, or null. */
    public String firstChildFailure() {
        return firstChildFailure.get();
    }

    /** Draws the line if it changed (and, off a terminal, not more often than every 3 s). */
    public void tick() {
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
    public void finish() {
        if (tty) {
            out.println("\r" + line() + "   ");
        } else {
            out.println(line());
        }
    }

    String line() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        int total = planned.get();
        int done = succeeded.get() + failed.get();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "[%3ds] %-16s", elapsed.toSeconds(), state.get()));
        if (total >= 0) {
            int width = 24;
            int filled = total == 0 ? width : (int) ((long) done * width / total);
            s.append(" [").append("#".repeat(filled)).append(".".repeat(width - filled)).append(']');
            s.append(String.format(Locale.ROOT, " chunks %d/%d", done, total));
            if (running.get() > 0) {
                s.append(String.format(Locale.ROOT, " (%d running)", running.get()));
            }
            if (failed.get() > 0) {
                s.append(String.format(Locale.ROOT, " %d failed", failed.get()));
            }
            s.append(String.format(Locale.ROOT, ", %,d rows loaded", loaded.get()));
        }
        return s.toString();
    }

    private static JsonNode parse(String s) {
        try {
            return s == null || s.isEmpty() ? JSON.missingNode() : JSON.readTree(s);
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }
}
