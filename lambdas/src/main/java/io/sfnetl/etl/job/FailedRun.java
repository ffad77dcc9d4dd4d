package io.sfnetl.etl.job;

/**
 * What MarkJobFailed recorded.
 *
 * @param run run id (the execution input's {@code runId}, else the execution name)
 * @param status the execution's status (FAILED, TIMED_OUT, ABORTED)
 * @param error the execution's error name, or null
 * @param cause the execution's cause (truncated to {@value JobFailures#MAX_CAUSE_CHARS} characters), or null
 * @param executionArn the failed execution
 */
public record FailedRun(String run, String status, String error, String cause, String executionArn) {
}
