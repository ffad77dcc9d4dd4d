package io.sfnetl.asl;

/**
 * Receives every history event as it is recorded, for live views (the console colours states from it). Called on the
 * thread that records the event, possibly concurrently for Parallel branches, Map iterations and Distributed Map child
 * executions: implementations must be thread-safe and fast, and must not throw.
 */
@FunctionalInterface
public interface ExecutionListener {
    /** {@code execution} is the execution whose history got the event (a Distributed Map child has its own). */
    void onEvent(Execution execution, HistoryEvent event);

    ExecutionListener NONE = (e, ev) -> { };
}
