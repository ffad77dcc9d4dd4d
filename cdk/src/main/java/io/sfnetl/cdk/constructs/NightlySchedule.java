package io.sfnetl.cdk.constructs;

import io.sfnetl.cdk.config.PipelineSettings.ScheduleSettings;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.TimeWindow;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.amazon.awscdk.services.scheduler.targets.StepFunctionsStartExecution;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The nightly run: an EventBridge Scheduler schedule (expression and time zone from {@code config/pipeline.json})
 * that starts the state machine with the configured input template, in which the Scheduler fills
 * {@code <aws.scheduler.scheduled-time>}; failed starts are retried per the configured policy and then sent to
 * the dead-letter queue. EventBridge Scheduler does not catch up missed fires (backfill does, issue 8).
 */
public final class NightlySchedule extends Construct {

    /**
     * @param settings the schedule from the configuration
     * @param stateMachine what to start
     * @param input the rendered execution input (JSON text; tokens allowed)
     * @param deadLetterQueue where events go after the retries
     */
    public record Props(ScheduleSettings settings, IStateMachine stateMachine, String input, IQueue deadLetterQueue) {
        public Props {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(stateMachine, "stateMachine");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
        }
    }

    private final Schedule schedule;

    public NightlySchedule(Construct scope, String id, Props props) {
        super(scope, id);
        ScheduleSettings s = props.settings();
        schedule = Schedule.Builder.create(this, "Schedule")
                .description("sfn-etl nightly run: " + s.expression() + " in " + s.timeZone())
                .schedule(ScheduleExpression.expression(s.expression(), TimeZone.of(s.timeZone())))
                .timeWindow(s.flexibleWindowMinutes() == 0
                        ? TimeWindow.off() : TimeWindow.flexible(Duration.minutes(s.flexibleWindowMinutes())))
                .enabled(s.enabled())
                .target(new StepFunctionsStartExecution(props.stateMachine(), ScheduleTargetBaseProps.builder()
                        .input(ScheduleTargetInput.fromText(props.input()))
                        .retryAttempts(s.retryAttempts())
                        .maxEventAge(Duration.seconds(s.maximumEventAgeSeconds()))
                        .deadLetterQueue(props.deadLetterQueue())
                        .build()))
                .build();
    }

    public Schedule schedule() {
        return schedule;
    }
}
