package io.sfnetl.local.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The scheduler's sense of time: a clock to read and a way to wait. {@link #real()} is wall-clock time;
 * {@link #scaled} runs a virtual clock {@code scale} times faster than real time (from {@code origin}), so that a
 * {@code rate(1 minute)} schedule fires every second at scale 60 (tests, demos). Tests may also pass a fixed clock and
 * a sleeper that does nothing, and drive the scheduler with {@link LocalScheduler#tick()}.
 *
 * @param clock what "now" is
 * @param sleeper waits for a span of the clock's time
 */
public record TimeBase(Clock clock, Sleeper sleeper) {

    /** Waits for a span of virtual time. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration virtual) throws InterruptedException;
    }

    public static TimeBase real() {
        return new TimeBase(Clock.systemUTC(), d -> Thread.sleep(Math.max(0, d.toMillis())));
    }

    /** A virtual clock starting at {@code origin} now and running {@code scale} times faster than real time. */
    public static TimeBase scaled(Instant origin, double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("--time-scale must be > 0, got " + scale);
        }
        long realOrigin = System.nanoTime();
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException("the scaled clock is UTC only");
            }

            @Override
            public Instant instant() {
                return origin.plusNanos((long) ((System.nanoTime() - realOrigin) * scale));
            }
        };
        return new TimeBase(clock, d -> Thread.sleep(Math.max(0, (long) (d.toMillis() / scale))));
    }
}
