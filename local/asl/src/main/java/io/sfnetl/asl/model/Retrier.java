package io.sfnetl.asl.model;

import java.util.List;

/**
 * One element of a {@code Retry} array (states-language.net "Retrying after error"). Defaults as the spec gives them:
 * IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0, no MaxDelaySeconds, JitterStrategy NONE.
 *
 * @param maxDelaySeconds upper bound of a single delay, or null for none
 */
public record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
        Integer maxDelaySeconds, Jitter jitter) {
    /** {@code JitterStrategy}. */
    public enum Jitter { FULL, NONE }
}
