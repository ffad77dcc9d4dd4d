package io.sfnetl.cdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.cdk.config.PipelineSettings;
import io.sfnetl.cdk.config.PipelineSettings.FunctionSettings;
import io.sfnetl.cdk.constructs.DataStorage;
import io.sfnetl.cdk.constructs.EtlFunctions;
import io.sfnetl.cdk.constructs.EtlStateMachine;
import io.sfnetl.cdk.constructs.FailedRunRecorder;
import io.sfnetl.cdk.constructs.NightlySchedule;
import io.sfnetl.cdk.constructs.Operations;
import io.sfnetl.cdk.internal.Nag;
import io.sfnetl.cdk.internal.Retention;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The whole pipeline in one stack: storage, functions, the state machine, the failure rule, the nightly schedule,
 * alarms and dashboard, and the outputs a user needs. Everything comes from {@link Props}; nothing is read from the
 * environment here.
 *
 * <p>Environment of every function: exactly the variables {@code lambdas/}' {@code io.sfnetl.etl.config.EtlConfig}
 * reads (names and settings, never secrets): {@value #ENV_DATA_BUCKET}, {@value #ENV_JOBS_TABLE},
 * {@value #ENV_DATASET_TABLES} (JSON object dataset to deployed table), one variable per run default
 * ({@link #RUN_DEFAULT_VARIABLES}: {@code runDefaults.chunkBytes} is {@code ETL_CHUNK_BYTES}, ...), and
 * {@value #ENV_TASK_TIMEOUTS} (JSON object stage to Task timeout, {@link #taskTimeoutFor(int)} of the function's
 * timeout, the same formula as {@code RunConfig.taskTimeoutFor} and the local twin). Plus
 * {@value #ENV_SCHEDULE_TIME_ZONE}, the schedule's zone, in which a scheduled run's partition ("yesterday") is
 * derived. {@code ETL_LOAD_PARALLELISM} is not set: Load uses its default (4), as in the twin.
 */
public final class EtlStack extends Stack {

    public static final String ENV_DATA_BUCKET = "ETL_DATA_BUCKET";
    public static final String ENV_JOBS_TABLE = "ETL_JOBS_TABLE";
    public static final String ENV_DATASET_TABLES = "ETL_DATASET_TABLES";
    public static final String ENV_TASK_TIMEOUTS = "ETL_TASK_TIMEOUTS";
    public static final String ENV_SCHEDULE_TIME_ZONE = "ETL_SCHEDULE_TIME_ZONE";
    /** {@code runDefaults} field to the variable EtlConfig reads it from. */
    public static final Map<String, String> RUN_DEFAULT_VARIABLES = orderedMap(
            "chunkBytes", "ETL_CHUNK_BYTES",
            "maxConcurrency", "ETL_MAX_CONCURRENCY",
            "toleratedFailurePercentage", "ETL_TOLERATED_FAILURE_PERCENTAGE",
            "maxRejectPercent", "ETL_MAX_REJECT_PERCENT",
            "safetyMarginMillis", "ETL_SAFETY_MARGIN_MILLIS");
    /** The functions the definition invokes (MarkJobFailed is invoked by the failure rule). */
    public static final List<String> DEFINITION_FUNCTIONS = List.of("Prepare", "Validate", "Transform", "Load", "Finalize");

    /**
     * @param stage the stage name from the CDK context: lower-case letters, digits and '-', at most 16
     * @param settings {@code config/pipeline.json}, read and checked
     * @param definitionFile {@code statemachine/etl.asl.json}
     * @param lambdaJar the shaded jar of {@code lambdas/}
     */
    public record Props(String stage, PipelineSettings settings, Path definitionFile, Path lambdaJar) {
        public Props {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(definitionFile, "definitionFile");
            Objects.requireNonNull(lambdaJar, "lambdaJar");
            if (stage == null || !stage.matches("[a-z][a-z0-9-]{0,15}")) {
                throw new IllegalArgumentException("stage '" + stage + "' must be 1..16 lower-case letters, digits or "
                        + "'-', starting with a letter (cdk synth -c stage=dev)");
            }
        }

        /** The prefix of every deployed name: {@code sfn-etl-<stage>-}. */
        public String namePrefix() {
            return "sfn-etl-" + stage + "-";
        }
    }

    private final DataStorage storage;
    private final EtlFunctions functions;
    private final EtlStateMachine etl;
    private final Operations operations;

    public EtlStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        PipelineSettings settings = props.settings();
        String prefix = props.namePrefix();
        RemovalPolicy removal = settings.operations().deletionProtection() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        storage = new DataStorage(this, "Storage", new DataStorage.Props(prefix, settings.datasets(),
                settings.jobsTable(), settings.operations()));

        functions = new EtlFunctions(this, "Functions", new EtlFunctions.Props(prefix, settings.functions(),
                props.lambdaJar(), functionEnvironment(settings, prefix, storage.bucket().getBucketName()), Retention.of(settings.operations().logRetentionDays()),
                removal));

        Map<String, String> substitutions = new LinkedHashMap<>();
        List<IFunction> invoked = DEFINITION_FUNCTIONS.stream().<IFunction>map(functions::alias).toList();
        for (String name : DEFINITION_FUNCTIONS) {
            substitutions.put(settings.function(name).substitutionName(), functions.alias(name).getFunctionArn());
        }
        substitutions.put("DataBucket", storage.bucket().getBucketName());
        etl = new EtlStateMachine(this, "Etl", new EtlStateMachine.Props(prefix + "etl", props.definitionFile(),
                substitutions, invoked, storage, Retention.of(settings.operations().logRetentionDays()), removal));

        grantFunctions();

        Queue deadLetters = Queue.Builder.create(this, "DeadLetters")
                .queueName(prefix + "dead-letters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Nag.suppress(deadLetters, "AwsSolutions-SQS3",
                "This queue is itself the dead-letter queue of the nightly schedule and of the failure rule.");

        new FailedRunRecorder(this, "FailedRuns", new FailedRunRecorder.Props(etl.arn(),
                functions.alias("MarkJobFailed"), deadLetters));
        new NightlySchedule(this, "Nightly", new NightlySchedule.Props(settings.schedule(), etl.stateMachine(),
                settings.schedule().renderInput(storage.bucket().getBucketName()), deadLetters));
        operations = new Operations(this, "Operations", new Operations.Props(prefix, etl.stateMachine(),
                functions.functions(), deadLetters, settings.operations().alarmEmailAddress().orElse(null)));

        outputs(settings);
    }

    static Map<String, String> functionEnvironment(PipelineSettings settings, String prefix, String bucketName) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode tables = json.createObjectNode();
        settings.datasets().forEach(d -> tables.put(d.name(), prefix + d.table()));
        ObjectNode timeouts = json.createObjectNode();
        for (String name : DEFINITION_FUNCTIONS) {
            FunctionSettings f = settings.function(name);
            timeouts.put(f.stageKey(), taskTimeoutFor(f.timeoutSeconds()));
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_DATA_BUCKET, bucketName);
        // Table names are the explicit names DataStorage gives them; the bucket name is generated (a token).
        env.put(ENV_JOBS_TABLE, prefix + settings.jobsTable());
        env.put(ENV_DATASET_TABLES, tables.toString());
        RUN_DEFAULT_VARIABLES.forEach((field, variable) -> {
            if (settings.runDefaults().has(field)) {
                env.put(variable, settings.runDefaults().get(field).asText());
            }
        });
        env.put(ENV_TASK_TIMEOUTS, timeouts.toString());
        env.put(ENV_SCHEDULE_TIME_ZONE, settings.schedule().timeZone());
        return env;
    }

    /**
     * The Task state timeout for a function timeout: a little above it (900 s gives 930 s, 300 s gives 310 s), so
     * that Lambda's own timeout ({@code Sandbox.Timedout}) fires first. The same formula as {@code lambdas/}'
     * {@code RunConfig.taskTimeoutFor}, which the local twin uses (this module does not depend on lambdas' classes).
     */
    public static int taskTimeoutFor(int functionTimeoutSeconds) {
        return functionTimeoutSeconds + Math.max(1, functionTimeoutSeconds / 30);
    }

    private static Map<String, String> orderedMap(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Each function gets exactly the data access its stage needs (docs/architecture.md §1; keys from lambdas'
     * {@code StagingKeys}): Prepare reads the spec and the sources anywhere in the bucket (rejects too, for
     * {@code sourceFormat: "rejects"}), freezes the spec and writes {@code manifests/<run>/} (spec.json, sources.json,
     * chunks.json, run.json), takes the run lease and writes the job record; Validate reads its byte range and the
     * frozen spec and writes staging and rejects; Transform and Load read staging parts and the frozen spec
     * ({@code manifests/<run>/spec.json}); the three stages renew the run lease (RunHeartbeat: GetItem, UpdateItem on
     * the jobs table); Finalize reads the Map's ResultWriter output ({@code results/}), {@code manifests/<run>/run.json}
     * and the rejects it summarizes, writes {@code manifests/<run>/chunk-counts.json} and the rejects manifest, and
     * updates the job record and releases the lease; MarkJobFailed records the failure and releases the lease.
     */
    private void grantFunctions() {
        List<String> jobsActions = List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:Query");
        // RunHeartbeat: read the run's record, renew its lease
        List<String> heartbeatActions = List.of("dynamodb:GetItem", "dynamodb:UpdateItem");

        var prepare = functions.role("Prepare");
        storage.grantRead(prepare, List.of(""));
        storage.grantWrite(prepare, List.of(DataStorage.MANIFESTS));
        DataStorage.grantTable(prepare, storage.jobsTable(), jobsActions);

        var validate = functions.role("Validate");
        storage.grantRead(validate, List.of(""));
        storage.grantWrite(validate, List.of(DataStorage.STAGING, DataStorage.REJECTS));
        DataStorage.grantTable(validate, storage.jobsTable(), heartbeatActions);

        var transform = functions.role("Transform");
        storage.grantRead(transform, List.of(DataStorage.STAGING, DataStorage.MANIFESTS));
        storage.grantWrite(transform, List.of(DataStorage.STAGING, DataStorage.REJECTS));
        DataStorage.grantTable(transform, storage.jobsTable(), heartbeatActions);

        var load = functions.role("Load");
        storage.grantRead(load, List.of(DataStorage.STAGING, DataStorage.MANIFESTS));
        storage.grantWrite(load, List.of(DataStorage.REJECTS));
        DataStorage.grantTable(load, storage.jobsTable(), heartbeatActions);
        storage.datasetTables().values().forEach(t -> DataStorage.grantTable(load, t,
                List.of("dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:DescribeTable")));

        var finalize = functions.role("Finalize");
        storage.grantRead(finalize, List.of(DataStorage.RESULTS, DataStorage.MANIFESTS, DataStorage.REJECTS));
        storage.grantWrite(finalize, List.of(DataStorage.REJECTS, DataStorage.MANIFESTS));
        DataStorage.grantTable(finalize, storage.jobsTable(), jobsActions);

        var markJobFailed = functions.role("MarkJobFailed");
        DataStorage.grantTable(markJobFailed, storage.jobsTable(), jobsActions);
        markJobFailed.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("states:DescribeExecution"))
                .resources(List.of(etl.executionsArn()))
                .build());

        Nag.suppressFindings(functions, "AwsSolutions-IAM5",
                "Object keys are run-scoped (staging/<run>/<chunk>/..., rejects/<run>/..., manifests/<run>/...), and "
                        + "sources and specs may be anywhere in the stack's own data bucket, so object access is "
                        + "granted on key prefixes of that one bucket; MarkJobFailed describes executions of this "
                        + "state machine only. No action is a wildcard.",
                List.of("^Resource::<[A-Za-z0-9]+\\.Arn>/([a-z]+/)?\\*$",
                        "^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:"
                                + etl.name() + ":\\*$"));
    }

    private void outputs(PipelineSettings settings) {
        output("StateMachineArn", etl.stateMachine().getStateMachineArn(), "The ETL state machine (./etl start --aws)");
        output("StateMachineConsoleUrl", "https://" + Aws.REGION + ".console.aws.amazon.com/states/home?region="
                + Aws.REGION + "#/statemachines/view/" + etl.stateMachine().getStateMachineArn(),
                "The state machine in the Step Functions console (graph view under 'Definition')");
        output("DataBucketName", storage.bucket().getBucketName(), "Sources under incoming/, specs under specs/");
        output("JobsTableName", storage.jobsTable().getTableName(), "Job records");
        settings.datasets().forEach(d -> output("Table" + outputId(d.name()), storage.datasetTable(d.name()).getTableName(),
                "DynamoDB table of dataset " + d.name()));
        output("AlarmTopicArn", operations.topic().getTopicArn(), "Alarm notifications (subscribe to receive them)");
        output("DashboardName", operations.dashboard().getDashboardName(), "CloudWatch dashboard");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    private static String outputId(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9]", "");
        return Character.toUpperCase(clean.charAt(0)) + clean.substring(1);
    }

    public DataStorage storage() {
        return storage;
    }

    public EtlFunctions functions() {
        return functions;
    }

    public EtlStateMachine etl() {
        return etl;
    }

    public Operations operations() {
        return operations;
    }
}
