package io.sfnetl.cdk.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * Alarms and the dashboard. Alarms (each on a 5-minute sum, firing at the first occurrence) go to one SNS topic,
 * with an optional email subscription: executions failed, executions timed out, per function errors and
 * throttles, and messages in the dead-letter queue (failed schedule starts, undelivered failure events). The dashboard
 * also plots the rows, rejects and stage durations the functions emit as Embedded Metric Format lines.
 */
public final class Operations extends Construct {

    /**
     * @param namePrefix prefix of the alarm and dashboard names (e.g. {@code sfn-etl-dev-})
     * @param stateMachine the ETL state machine
     * @param functions the functions, by name
     * @param deadLetterQueue the dead-letter queue to watch
     * @param alarmEmail an email address to subscribe to the alarm topic, or null
     */
    public record Props(String namePrefix, StateMachine stateMachine, Map<String, Function> functions,
                        Queue deadLetterQueue, String alarmEmail) {
        public Props {
            Objects.requireNonNull(namePrefix, "namePrefix");
            Objects.requireNonNull(stateMachine, "stateMachine");
            Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
            if (functions == null || functions.isEmpty()) {
                throw new IllegalArgumentException("Operations needs the functions to watch");
            }
            functions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        }
    }

    private static final Duration PERIOD = Duration.minutes(5);

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;

    public Operations(Construct scope, String id, Props props) {
        super(scope, id);
        topic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("sfn-etl alarms")
                .enforceSsl(true)
                .build();
        // Not encrypted with KMS: CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key, and
        // notifications carry alarm names and states only, no data.
        if (props.alarmEmail() != null) {
            topic.addSubscription(new EmailSubscription(props.alarmEmail()));
        }
        SnsAction action = new SnsAction(topic);
        MetricOptions sum = MetricOptions.builder().period(PERIOD).statistic("Sum").build();
        StateMachine sm = props.stateMachine();
        String p = props.namePrefix();

        alarm("ExecutionsFailed", p + "executions-failed", sm.metricFailed(sum),
                "An ETL execution failed (MarkJobFailed records it in the jobs table; redrive it after a fix).");
        alarm("ExecutionsTimedOut", p + "executions-timed-out", sm.metricTimedOut(sum),
                "An ETL execution timed out.");
        props.functions().forEach((name, fn) -> {
            alarm(name + "Errors", p + name + "-errors", fn.metricErrors(sum),
                    name + " returned errors (a data error is a named failure; others are bugs or limits).");
            alarm(name + "Throttles", p + name + "-throttles", fn.metricThrottles(sum),
                    name + " was throttled: lower the Map concurrency or raise the account's Lambda concurrency.");
        });
        alarm("DeadLetters", p + "dead-letters",
                props.deadLetterQueue().metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().period(PERIOD).statistic("Maximum").build()),
                "A scheduled start or a failure event could not be delivered; see the dead-letter queue.");
        alarms.forEach(a -> a.addAlarmAction(action));

        List<IMetric> lambdaErrors = new ArrayList<>();
        List<IMetric> lambdaDurations = new ArrayList<>();
        props.functions().forEach((name, fn) -> {
            lambdaErrors.add(fn.metricErrors(MetricOptions.builder().period(PERIOD).statistic("Sum").label(name).build()));
            lambdaDurations.add(fn.metricDuration(MetricOptions.builder().period(PERIOD).statistic("p99").label(name).build()));
        });
        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(p + "etl")
                .widgets(List.of(
                        List.<IWidget>of(TextWidget.Builder.create()
                                .markdown("# sfn-etl\nExecutions of the ETL state machine, its functions and the "
                                        + "dead-letter queue. Alarms: topic `" + "sfn-etl alarms" + "`.")
                                .width(24).height(2).build()),
                        List.<IWidget>of(
                                GraphWidget.Builder.create().title("Executions").width(12)
                                        .left(List.of(sm.metricStarted(sum), sm.metricSucceeded(sum),
                                                sm.metricFailed(sum), sm.metricTimedOut(sum), sm.metricAborted(sum)))
                                        .build(),
                                GraphWidget.Builder.create().title("Execution time (p99)").width(12)
                                        .left(List.of(sm.metricTime(MetricOptions.builder().period(PERIOD)
                                                .statistic("p99").build())))
                                        .build()),
                        List.<IWidget>of(
                                GraphWidget.Builder.create().title("Lambda errors").width(8).left(lambdaErrors).build(),
                                GraphWidget.Builder.create().title("Lambda duration (p99)").width(8)
                                        .left(lambdaDurations).build(),
                                SingleValueWidget.Builder.create().title("Dead letters").width(8)
                                        .metrics(List.of(props.deadLetterQueue()
                                                .metricApproximateNumberOfMessagesVisible()))
                                        .build()),
                        List.<IWidget>of(
                                emf("Rows read (Validate)", "RowsRead", "validate", "Sum"),
                                emf("Rows loaded (Load)", "RowsLoaded", "load", "Sum"),
                                emf("Rows rejected (by stage)", "RowsRejected", null, "Sum"),
                                emf("Stage duration (p99)", "DurationMillis", null, "p99"))))
                .build();
    }

    /** Namespace of the functions' Embedded Metric Format lines (io.sfnetl.etl.log.Metrics). */
    public static final String ETL_NAMESPACE = "SfnEtl";

    /**
     * A graph of an EMF metric of the functions, one line per dataset (and stage): a SEARCH expression, so datasets
     * added to config/pipeline.json appear without changing the stack.
     */
    private static GraphWidget emf(String title, String metric, String stage, String statistic) {
        String filter = "{" + ETL_NAMESPACE + ",dataset,stage} MetricName=\"" + metric + "\""
                + (stage == null ? "" : " stage=\"" + stage + "\"");
        return GraphWidget.Builder.create().title(title).width(6)
                .left(List.of(MathExpression.Builder.create()
                        .expression("SEARCH('" + filter + "', '" + statistic + "', 300)")
                        .label("").period(PERIOD).build()))
                .build();
    }

    private void alarm(String id, String name, IMetric metric, String description) {
        alarms.add(Alarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    public Topic topic() {
        return topic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
