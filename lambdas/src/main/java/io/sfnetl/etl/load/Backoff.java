package io.sfnetl.etl.load;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): before retry
 * {@code n} (1-based) sleep a uniform random time in {@code [0, min(capMillis, baseMillis * 2^(n-1))]}.
 *
 * @param baseMillis first ceiling (default 50)
 * @param capMillis largest ceiling (default 5000)
 * @param maxAttempts calls in total, the first included, before giving up (default 10)
 */
public record Backoff(long baseMillis, long capMillis, int maxAttempts) {
    public static final Backoff DEFAULT = new Backoff(50, 5_000, 10);

    public Backoff {
        if (baseMillis < 0 || capMillis < baseMillis || maxAttempts < 1) {
            throw new IllegalArgumentException("Backoff needs 0 <= baseMillis <= capMillis and maxAttempts >= 1, was "
                    + baseMillis + ", " + capMillis + ", " + maxAttempts);
        }
    }

    /** The jittered delay before retry {@code retry} (1-based). */
    public long delayMillis(int retry) {
        long ceiling = Math.min(capMillis, baseMillis << Math.min(retry - 1, 30));
        return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }
}
