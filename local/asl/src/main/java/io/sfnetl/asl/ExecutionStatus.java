package io.sfnetl.asl;

/** DescribeExecution's {@code status}. */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED;

    public boolean isFinal() {
        return this != RUNNING;
    }
}
