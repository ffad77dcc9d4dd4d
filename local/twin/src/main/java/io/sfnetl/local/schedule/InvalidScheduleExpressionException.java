package io.sfnetl.local.schedule;

/**
 * A schedule expression EventBridge Scheduler would reject. The message starts as EventBridge's
 * ValidationException does ({@code Invalid Schedule Expression <expression>.}) and goes on with what is wrong, at which
 * character position (1-based) and how to fix it. An {@link IllegalArgumentException}: the CLI exits with 2.
 */
public final class InvalidScheduleExpressionException extends IllegalArgumentException {
    private final String expression;

    public InvalidScheduleExpressionException(String expression, String detail) {
        super("Invalid Schedule Expression " + expression + ". " + detail
                + " (syntax: https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html)");
        this.expression = expression;
    }

    public String expression() {
        return expression;
    }
}
