package io.sfnetl.local.schedule;

import io.sfnetl.local.schedule.ExecutionStarter.PastExecution;
import io.sfnetl.local.schedule.ExecutionStarter.StartOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One execution per scheduled time in a range, with that time's input, skipping the times that already have a
 * SUCCEEDED or RUNNING execution: one named after the scheduled time (the twin's scheduler, an earlier backfill) or
 * one whose input carries that {@code scheduledTime} (EventBridge Scheduler's runs on AWS have generated names).
 * A time whose earlier attempts all failed is started again as {@code <name>-2}, {@code -3}, ... since an execution
 * name cannot be reused. At most {@code concurrency} executions run at a time; each is followed to its end.
 * Running a backfill twice starts nothing new the second time (for the runs that succeeded).
 */
public final class Backfill {
    private static final Set<String> ACTIVE = Set.of("RUNNING", "PENDING_REDRIVE");
    private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

    /**
     * @param settings the schedule
     * @param dataBucket what {@code ${DataBucket}} becomes
     * @param from first scheduled time included
     * @param to scheduled times before this are included
     * @param start the schedule's start (a rate's anchor; ignored by cron and at)
     * @param concurrency executions running at once (>= 1)
     * @param dryRun plan and print only
     * @param pollInterval how often a running execution's status is read
     */
    public record Options(ScheduleSettings settings, String dataBucket, Instant from, Instant to, Instant start,
                          int concurrency, boolean dryRun, Duration pollInterval) {
        public Options {
            if (concurrency < 1) {
                throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
            }
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("--to (" + to + ") must be after --from (" + from + ")");
            }
        }
    }

    /** What was planned for one scheduled time. */
    public enum Action { START, SKIP }

    /**
     * One scheduled time: the run, the action, the execution name used (new, or the existing one that made it skip),
     * its final status (null in a dry run and for skips of running executions: the status then).
     */
    public record Item(ScheduledRun run, Action action, String executionName, String status, String detail) {
    }

    /** The outcome: counts and every item, in scheduled order. */
    public record Summary(int planned, int skipped, int started, int succeeded, int unsuccessful, List<Item> items) {
        public String line() {
            return "backfill: " + planned + " scheduled time(s): " + skipped + " skipped (already succeeded or running), "
                    + started + " started, " + succeeded + " succeeded, " + unsuccessful + " unsuccessful";
        }
    }

    private Backfill() {
    }

    /** The scheduled times of the range, oldest first. */
    public static List<ScheduledRun> runs(Options o) {
        return o.settings().fires(o.from().minusNanos(1), o.to().minusNanos(1), o.start(), 100_000).stream()
                .map(t -> o.settings().run(t, o.dataBucket())).toList();
    }

    /** Plans, then (unless a dry run) starts and follows the executions; {@code progress} gets a line per change. */
    public static Summary run(Options o, ExecutionStarter starter, Consumer<String> progress) throws InterruptedException {
        List<ScheduledRun> runs = runs(o);
        List<PastExecution> existing = runs.isEmpty() ? List.of() : starter.executionsSince(runs.getFirst().scheduledTime());
        List<Item> plan = new ArrayList<>();
        for (ScheduledRun r : runs) {
            plan.add(plan(r, existing));
        }
        int skipped = (int) plan.stream().filter(i -> i.action() == Action.SKIP).count();
        if (o.dryRun()) {
            return new Summary(plan.size(), skipped, 0, 0, 0, plan);
        }
        List<Item> done = Collections.synchronizedList(new ArrayList<>(plan));
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        int toStart = plan.size() - skipped;
        Semaphore slots = new Semaphore(o.concurrency());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                Item item = plan.get(i);
                if (item.action() == Action.SKIP) {
                    continue;
                }
                int index = i;
                slots.acquire();
                running.incrementAndGet();
                futures.add(pool.submit(() -> {
                    try {
                        String status = startAndFollow(item, starter, o.pollInterval());
                        if (status.equals("SUCCEEDED")) {
                            succeeded.incrementAndGet();
                        }
                        done.set(index, new Item(item.run(), item.action(), item.executionName(), status, item.detail()));
                    } catch (RuntimeException | InterruptedException e) {
                        done.set(index, new Item(item.run(), item.action(), item.executionName(), "NOT_STARTED",
                                e.getMessage()));
                    } finally {
                        running.decrementAndGet();
                        progress.accept("backfill: " + finished.incrementAndGet() + "/" + toStart + " done ("
                                + succeeded.get() + " succeeded), " + running.get() + " running, " + skipped + " skipped");
                        slots.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        return new Summary(plan.size(), skipped, toStart, succeeded.get(), toStart - succeeded.get(), List.copyOf(done));
    }

    private static Item plan(ScheduledRun r, List<PastExecution> existing) {
        String base = r.executionName();
        Pattern attempt = Pattern.compile(Pattern.quote(base) + "(-\\d+)?");
        int attempts = 0;
        for (PastExecution e : existing) {
            boolean named = attempt.matcher(e.name()).matches();
            boolean sameTime = e.scheduledTime().map(r.scheduledTime()::equals).orElse(false);
            if (!named && !sameTime) {
                continue;
            }
            if (e.status().equals("SUCCEEDED")) {
                return new Item(r, Action.SKIP, e.name(), e.status(), "already succeeded");
            }
            if (ACTIVE.contains(e.status())) {
                return new Item(r, Action.SKIP, e.name(), e.status(), "running");
            }
            if (named) {
                int n = e.name().equals(base) ? 1 : Integer.parseInt(e.name().substring(base.length() + 1));
                attempts = Math.max(attempts, n);
            }
        }
        String name = attempts == 0 ? base : base + "-" + (attempts + 1);
        return new Item(r, Action.START, name, null, attempts == 0 ? "new" : "attempt " + (attempts + 1)
                + " (earlier attempts did not succeed)");
    }

    private static String startAndFollow(Item item, ExecutionStarter starter, Duration poll) throws InterruptedException {
        StartOutcome started = starter.start(item.executionName(), item.run().input());
        while (true) {
            String status = starter.status(started.executionArn());
            if (ENDED.contains(status)) {
                return status;
            }
            Thread.sleep(poll);
        }
    }
}
