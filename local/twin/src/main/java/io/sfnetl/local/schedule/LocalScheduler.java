package io.sfnetl.local.schedule;

import io.sfnetl.local.schedule.ExecutionStarter.StartOutcome;
import io.sfnetl.local.schedule.internal.ScheduleState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The twin's EventBridge Scheduler: fires the schedule of {@code config/pipeline.json} by starting an execution (through
 * an {@link ExecutionStarter}) named after the scheduled time with the rendered input, so that a fire is never started
 * twice ({@code ExecutionAlreadyExists} means it was started already). It remembers the last scheduled time it dealt
 * with in a state file, so it survives restarts; on {@link #open()} it applies the catch-up policy to the fires missed
 * while it was down (default none, as AWS). A failed start is retried per the schedule's retry policy and then dropped
 * (EventBridge would send it to the dead-letter queue).
 *
 * <p>Use: {@link #start()} runs the loop on a virtual thread; {@link #close()} stops it. Tests call {@link #open()}
 * and {@link #tick()} with a fixed clock. Methods are synchronized: one fire at a time.
 */
public final class LocalScheduler implements AutoCloseable {

    /** A fire that is older than its invocation time plus this when the scheduler starts was missed. */
    static final Duration MISSED_AFTER = Duration.ofMinutes(1);
    /** More missed fires than this are not caught up one by one; {@code etl backfill} is the tool for that. */
    static final int MAX_CATCH_UP = 1000;

    /**
     * @param settings the schedule
     * @param dataBucket what {@code ${DataBucket}} becomes in the input
     * @param stateFile where the scheduler keeps its state (e.g. {@code .etl/schedule/nightly.json})
     * @param time clock and sleeper
     * @param catchUp the policy for missed fires (normally {@code settings.catchUp()})
     * @param log human-readable progress lines (one per fire, plus notices)
     */
    public record Options(ScheduleSettings settings, String dataBucket, Path stateFile, TimeBase time,
                          CatchUp catchUp, Consumer<String> log) {
        public Options {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(dataBucket, "dataBucket");
            Objects.requireNonNull(stateFile, "stateFile");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(catchUp, "catchUp");
            Objects.requireNonNull(log, "log");
        }
    }

    /** What happened to one fire. */
    public enum Result { STARTED, ALREADY_STARTED, SKIPPED_MISSED, DROPPED }

    /** One fire dealt with. {@code executionArn} is null for a skipped or dropped fire. */
    public record Fire(ScheduledRun run, Result result, String executionArn, String detail) {
    }

    private final Options options;
    private final ExecutionStarter starter;
    private ScheduleState state;
    private Thread loop;
    private volatile boolean closed;

    public LocalScheduler(Options options, ExecutionStarter starter) {
        this.options = options;
        this.starter = starter;
    }

    /**
     * The hook for {@code etl local up} (one line there): reads the schedule from {@code <home>/config/pipeline.json}
     * and, if it is enabled, starts firing it with real time and the configured catch-up policy.
     *
     * @param home the repository root
     * @param dataDir the twin's data directory (null: {@code <home>/.etl})
     * @param starter the twin's Step Functions API (e.g. {@code new SfnExecutionStarter(client, etlStateMachineArn)})
     * @param dataBucket what {@code ${DataBucket}} becomes (the twin's bucket)
     * @param log progress lines (stderr)
     * @return the running scheduler (close it on shutdown), or empty when the schedule is disabled
     */
    public static Optional<LocalScheduler> startForTwin(Path home, Path dataDir, ExecutionStarter starter,
                                                        String dataBucket, Consumer<String> log) {
        Path file = home.resolve("config/pipeline.json");
        ScheduleSettings s = ScheduleSettings.load(home);
        if (!s.enabled()) {
            log.accept("schedule: disabled in " + file + " (/schedule/enabled); not firing");
            return Optional.empty();
        }
        LocalScheduler scheduler = new LocalScheduler(new Options(s, dataBucket, stateFile(home, dataDir, s),
                TimeBase.real(), s.catchUp(), log), starter);
        scheduler.start();
        return Optional.of(scheduler);
    }

    /** Where the twin keeps a schedule's state: {@code <data-dir>/schedule/<executionNamePrefix>.json}. */
    public static Path stateFile(Path home, Path dataDir, ScheduleSettings settings) {
        Path dir = dataDir != null ? dataDir : home.resolve(".etl");
        return dir.resolve("schedule").resolve(settings.executionNamePrefix() + ".json");
    }

    /**
     * Loads the state (or starts the schedule afresh if there is none, or the expression or zone changed) and applies
     * the catch-up policy to the fires missed since the last one dealt with.
     */
    public synchronized List<Fire> open() {
        ScheduleSettings s = options.settings();
        Instant now = options.time().clock().instant();
        Optional<ScheduleState> saved = ScheduleState.read(options.stateFile());
        if (saved.isPresent() && saved.get().expression().equals(s.expression().text())
                && saved.get().timeZone().equals(s.timeZone().getId())) {
            state = saved.get();
        } else {
            saved.ifPresent(old -> options.log().accept("schedule: the schedule changed (" + old.expression() + " in "
                    + old.timeZone() + " -> " + s.expression().text() + " in " + s.timeZone().getId()
                    + "); starting it afresh, as a new EventBridge schedule: nothing before now is caught up"));
            Instant start = now.truncatedTo(ChronoUnit.MINUTES);
            // a rate() fires first at its start; nothing else before now
            Instant last = s.expression() instanceof ScheduleExpression.Rate ? start.minusNanos(1) : now;
            state = new ScheduleState(s.expression().text(), s.timeZone().getId(), start, last);
            state.write(options.stateFile());
        }
        List<Instant> missed = new ArrayList<>();
        for (Instant t : s.fires(state.lastScheduledTime(), now, state.start(), MAX_CATCH_UP + 1)) {
            if (s.invocationTime(t).plus(MISSED_AFTER).isBefore(now)) {
                missed.add(t);
            }
        }
        List<Fire> out = new ArrayList<>();
        if (missed.isEmpty()) {
            return out;
        }
        CatchUp policy = options.catchUp();
        if (policy == CatchUp.ALL && missed.size() > MAX_CATCH_UP) {
            options.log().accept("schedule: more than " + MAX_CATCH_UP + " missed fires since "
                    + state.lastScheduledTime() + "; catching up only the latest (use 'etl backfill --from --to' for a range)");
            policy = CatchUp.LATEST;
        }
        options.log().accept("schedule: " + missed.size() + " fire(s) missed while the scheduler was not running "
                + "(catch-up: " + policy.label() + ")");
        for (int i = 0; i < missed.size(); i++) {
            boolean run = policy == CatchUp.ALL || (policy == CatchUp.LATEST && i == missed.size() - 1);
            ScheduledRun r = s.run(missed.get(i), options.dataBucket());
            out.add(run ? fire(r) : report(new Fire(r, Result.SKIPPED_MISSED, null, "missed; catch-up policy "
                    + policy.label())));
            advance(missed.get(i));
        }
        return out;
    }

    /** Fires every run whose invocation time has come. Call {@link #open()} first. */
    public synchronized List<Fire> tick() {
        if (state == null) {
            throw new IllegalStateException("open() the scheduler before tick()");
        }
        ScheduleSettings s = options.settings();
        Instant now = options.time().clock().instant();
        List<Fire> out = new ArrayList<>();
        for (Instant t : s.fires(state.lastScheduledTime(), now, state.start(), MAX_CATCH_UP)) {
            ScheduledRun r = s.run(t, options.dataBucket());
            if (r.invocationTime().isAfter(now)) {
                break;
            }
            Fire f = fire(r);
            if (f.result() == Result.DROPPED && closed) {
                break; // shutting down mid-retry: the next start tries again
            }
            out.add(f);
            advance(t);
        }
        return out;
    }

    /** When the next fire is due to be invoked; empty when the schedule has none left (an at() that has fired). */
    public synchronized Optional<Instant> nextInvocation() {
        ScheduleSettings s = options.settings();
        return s.next(state.lastScheduledTime(), state.start()).map(s::invocationTime);
    }

    /** Opens the scheduler and runs its loop on a virtual thread until {@link #close()}. */
    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("the scheduler is running already");
        }
        open();
        loop = Thread.ofVirtual().name("etl-scheduler").start(this::loop);
    }

    private void loop() {
        while (!closed) {
            try {
                tick();
                Optional<Instant> next = nextInvocation();
                if (next.isEmpty()) {
                    options.log().accept("schedule: " + options.settings().expression().text() + " has no fire left");
                    return;
                }
                Duration wait = Duration.between(options.time().clock().instant(), next.get());
                // wake at least every minute of schedule time, so that a clock change is noticed
                options.time().sleeper().sleep(wait.isNegative() ? Duration.ZERO
                        : wait.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                options.log().accept("schedule: " + e.getMessage());
                try {
                    options.time().sleeper().sleep(Duration.ofSeconds(5));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Fire fire(ScheduledRun run) {
        ScheduleSettings s = options.settings();
        RuntimeException last = null;
        for (int attempt = 0; attempt <= s.retryAttempts(); attempt++) {
            try {
                return report(switch (starter.start(run.executionName(), run.input())) {
                    case StartOutcome.Started st -> new Fire(run, Result.STARTED, st.executionArn(), "started");
                    case StartOutcome.AlreadyExists ae -> new Fire(run, Result.ALREADY_STARTED, ae.executionArn(),
                            "already started (ExecutionAlreadyExists): nothing to do");
                });
            } catch (RuntimeException e) {
                last = e;
            }
            Instant now = options.time().clock().instant();
            if (now.isAfter(run.scheduledTime().plusSeconds(s.maximumEventAgeSeconds())) || closed) {
                break;
            }
            try {
                options.time().sleeper().sleep(Duration.ofSeconds(Math.min(60, 1L << Math.min(attempt, 6))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return report(new Fire(run, Result.DROPPED, null, "could not start after the retry policy ("
                + s.retryAttempts() + " retries, " + s.maximumEventAgeSeconds() + " s maximum age): "
                + (last == null ? "stopped" : last.getMessage())
                + "; EventBridge would send it to the dead-letter queue ('etl backfill' can run it later)"));
    }

    private Fire report(Fire f) {
        ScheduledRun r = f.run();
        options.log().accept("schedule: " + ScheduleSettings.SCHEDULED_TIME.format(r.scheduledTime()) + " ("
                + r.localTime().toOffsetDateTime() + " " + r.localTime().getZone().getId() + ") " + r.executionName()
                + ": " + f.detail());
        return f;
    }

    private void advance(Instant scheduledTime) {
        state = state.withLast(scheduledTime);
        state.write(options.stateFile());
    }

    /** Stops the loop (a fire in progress completes first) and waits for it. */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = loop;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
