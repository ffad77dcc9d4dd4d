package io.sfnetl.cdk.constructs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Records failed runs: an EventBridge rule on the state machine's "Step Functions Execution Status Change" events
 * with status FAILED, TIMED_OUT or ABORTED invokes MarkJobFailed with the event. Deliveries that still fail after
 * the retries go to the dead-letter queue. (No Catch in the definition does this, so a failed Map stays the
 * unsuccessful step and RedriveExecution re-runs only its failed chunks.)
 */
public final class FailedRunRecorder extends Construct {

    /** The statuses that mark a job failed. */
    public static final List<String> STATUSES = List.of("FAILED", "TIMED_OUT", "ABORTED");

    /**
     * @param stateMachineArn the state machine whose executions are watched
     * @param markJobFailed the function (alias) to invoke
     * @param deadLetterQueue where undeliverable events go
     */
    public record Props(String stateMachineArn, IFunction markJobFailed, IQueue deadLetterQueue) {
        public Props {
            Objects.requireNonNull(stateMachineArn, "stateMachineArn");
            Objects.requireNonNull(markJobFailed, "markJobFailed");
            Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
        }
    }

    private final Rule rule;

    public FailedRunRecorder(Construct scope, String id, Props props) {
        super(scope, id);
        rule = Rule.Builder.create(this, "Rule")
                .description("sfn-etl: record failed, timed-out and aborted runs (MarkJobFailed)")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.states"))
                        .detailType(List.of("Step Functions Execution Status Change"))
                        .detail(Map.of("status", STATUSES, "stateMachineArn", List.of(props.stateMachineArn())))
                        .build())
                .targets(List.of(LambdaFunction.Builder.create(props.markJobFailed())
                        .retryAttempts(8)
                        .maxEventAge(Duration.hours(24))
                        .deadLetterQueue(props.deadLetterQueue())
                        .build()))
                .build();
    }

    public Rule rule() {
        return rule;
    }
}
