package io.sfnetl.asl.internal;

/** Unwinds a strand when its execution was stopped (StopExecution, TIMED_OUT) or a sibling failed the whole state. */
public final class ExecutionStopped extends RuntimeException {
    public ExecutionStopped(String message) {
        super(message, null, false, false);
    }
}
