package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.StatesError;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code n} strands on virtual threads, at most {@code maxConcurrency} at once (0 = no limit), and collects their
 * results in order. The first failure stops the others (they see {@link Scope#stopped()}) and is rethrown once all
 * have ended. Used by Parallel and inline Map.
 */
final class Fanout {
    private Fanout() {
    }

    /** A strand's body: runs item {@code index}; its scope must be nested in {@code group} to see cancellation. */
    interface Body {
        JsonNode run(int index, Scope group);
    }

    static JsonNode[] run(int n, int maxConcurrency, Scope parent, Body body) {
        JsonNode[] results = new JsonNode[n];
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Semaphore permits = new Semaphore(maxConcurrency <= 0 ? Integer.MAX_VALUE : maxConcurrency);
        Thread[] threads = new Thread[n];
        Scope group = parent.nested(null, parent.lastEventId());
        for (int i = 0; i < n; i++) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                group.cancel();
                break;
            }
            if (failure.get() != null || group.stopped()) {
                permits.release();
                break;
            }
            final int index = i;
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    results[index] = body.run(index, group);
                } catch (StatesError | ExecutionStopped e) {
                    if (failure.compareAndSet(null, e)) {
                        group.cancel();
                    }
                } catch (RuntimeException e) {
                    if (failure.compareAndSet(null, e)) {
                        group.cancel();
                    }
                } finally {
                    permits.release();
                }
            });
        }
        for (Thread t : threads) {
            if (t != null) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ExecutionStopped("interrupted");
                }
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        parent.checkStopped();
        return results;
    }
}
