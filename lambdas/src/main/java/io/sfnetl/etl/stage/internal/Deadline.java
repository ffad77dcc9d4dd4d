package io.sfnetl.etl.stage.internal;

import io.sfnetl.etl.stage.RemainingTime;

/**
 * When a stage stops and returns a cursor: once the remaining time is below the safety margin plus twice the slowest
 * step seen so far in this invocation.
 *
 * <p>The configured margin covers what a stage does after it decides to stop (the last writes, closing its parts).
 * Those steps are not of fixed length: a throttled table makes a round of {@code BatchWriteItem} calls slower, and so
 * does a busy machine under the twin's scaled timeouts. A step is the time between two {@link #reached()} calls
 * (one record, which may block on a full write buffer); growing the margin by the slowest one keeps the stage ending
 * before its timeout when the steps get slow, instead of being killed with {@code Sandbox.Timedout}. With AWS's
 * timeouts (60 s margin, steps of tens of milliseconds) it changes nothing measurable.
 */
public final class Deadline {
    private final RemainingTime remaining;
    private final long marginMillis;
    private long last = Long.MIN_VALUE;
    private long slowestStep;

    public Deadline(RemainingTime remaining, long marginMillis) {
        this.remaining = remaining;
        this.marginMillis = marginMillis;
    }

    /** Whether the stage must stop now; call once per record, before processing it. */
    public boolean reached() {
        long now = remaining.getAsLong();
        if (last != Long.MIN_VALUE && last > now) {
            slowestStep = Math.max(slowestStep, last - now);
        }
        last = now;
        return now < marginMillis + 2 * slowestStep;
    }

    /** The slowest step seen so far, in milliseconds (logged when a stage continues). */
    public long slowestStepMillis() {
        return slowestStep;
    }
}
