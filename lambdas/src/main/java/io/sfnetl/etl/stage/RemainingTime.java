package io.sfnetl.etl.stage;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.function.LongSupplier;

/**
 * Milliseconds left before the invocation times out. Stages compare it with the safety margin before each record
 * and stop early (flush, return a cursor) when it drops below.
 */
@FunctionalInterface
public interface RemainingTime extends LongSupplier {

    static RemainingTime of(Context context) {
        return () -> context.getRemainingTimeInMillis();
    }

    static RemainingTime unlimited() {
        return () -> Long.MAX_VALUE;
    }
}
