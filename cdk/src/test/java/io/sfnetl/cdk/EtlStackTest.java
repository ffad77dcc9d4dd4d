package io.sfnetl.cdk;

import static io.sfnetl.cdk.TemplateJson.JSON;
import static io.sfnetl.cdk.TemplateJson.refId;
import static io.sfnetl.cdk.TemplateJson.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.cdk.config.PipelineSettings.FunctionSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stack synthesized from {@code cdk/src/test/resources/pipeline.json} (stage "test"), resource by resource. */
class EtlStackTest {

    private static final String SM_NAME = "sfn-etl-test-etl";
    private static final String EXECUTIONS = "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:";

    private final SynthesizedStack synth = SynthesizedStack.standard();
    private final Template template = synth.template;
    private final TemplateJson json = new TemplateJson(synth.template);

    // ---- storage ----

    @Test
    void dataBucket_always_blocksPublicAccessEncryptsVersionsAndLogs() {
        String bucket = dataBucketId();
        JsonNode p = json.resource(bucket).path("Properties");
        assertThat(p.path("PublicAccessBlockConfiguration").toString()).isEqualTo(
                "{\"BlockPublicAcls\":true,\"BlockPublicPolicy\":true,\"IgnorePublicAcls\":true,\"RestrictPublicBuckets\":true}");
        assertThat(p.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
                .asText()).isEqualTo("AES256");
        assertThat(p.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
        assertThat(p.at("/LoggingConfiguration/LogFilePrefix").asText()).isEqualTo("data-bucket/");
        assertThat(json.resource(bucket).path("DeletionPolicy").asText()).isEqualTo("Retain");
    }

    @Test
    void dataBucket_policy_deniesEverythingWithoutTls() {
        String bucket = dataBucketId();
        var policy = json.only("AWS::S3::BucketPolicy", p -> refId(p.path("Bucket")).equals(bucket)).getValue();
        JsonNode deny = policy.at("/Properties/PolicyDocument/Statement/0");
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(deny.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
    }

    @Test
    void dataBucket_lifecycle_expiresStagingManifestsResultsAndRejects() {
        Map<String, Integer> expiry = new LinkedHashMap<>();
        json.resource(dataBucketId()).at("/Properties/LifecycleConfiguration/Rules").forEach(rule -> {
            if (rule.has("Prefix")) {
                expiry.put(rule.path("Prefix").asText(), rule.path("ExpirationInDays").asInt());
            }
        });
        assertThat(expiry).containsExactlyInAnyOrderEntriesOf(
                Map.of("staging/", 14, "manifests/", 21, "results/", 28, "rejects/", 60));
    }

    @Test
    void tables_onePerDatasetAndJobs_withKeysFromTheSpecs() {
        template.resourceCountIs("AWS::DynamoDB::Table", 3);
        assertThat(keySchema("sfn-etl-test-orders")).isEqualTo("order_id:HASH");
        assertThat(keySchema("sfn-etl-test-events")).isEqualTo("pk:HASH,sk:RANGE");
        assertThat(keySchema("sfn-etl-test-etl-jobs")).isEqualTo("run:HASH");
    }

    @Test
    void tables_all_onDemandRecoverableEncryptedProtectedRetained() {
        json.resources("AWS::DynamoDB::Table").values().forEach(t -> {
            JsonNode p = t.path("Properties");
            assertThat(p.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
            assertThat(p.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean()).isTrue();
            assertThat(p.at("/SSESpecification/SSEEnabled").asBoolean()).isTrue();
            assertThat(p.path("DeletionProtectionEnabled").asBoolean()).isTrue();
            assertThat(t.path("DeletionPolicy").asText()).isEqualTo("Retain");
        });
    }

    // ---- functions ----

    @Test
    void functions_each_hasHandlerMemoryTimeoutFromConfigJavaRuntimeSnapStartAndTracing() {
        template.resourceCountIs("AWS::Lambda::Function", 6);
        for (FunctionSettings f : synth.settings.functions().values()) {
            JsonNode p = function(f.name()).getValue().path("Properties");
            assertThat(p.path("Handler").asText()).isEqualTo(f.handler());
            assertThat(p.path("MemorySize").asInt()).isEqualTo(f.memoryMb());
            assertThat(p.path("Timeout").asInt()).isEqualTo(f.timeoutSeconds());
            assertThat(p.path("Runtime").asText()).isEqualTo("java25");
            assertThat(p.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
            assertThat(p.at("/TracingConfig/Mode").asText()).isEqualTo("Active");
            String logGroup = refId(p.at("/LoggingConfig/LogGroup"));
            assertThat(json.resource(logGroup).at("/Properties/LogGroupName").asText())
                    .isEqualTo("/aws/lambda/sfn-etl-test-" + f.name());
            assertThat(json.resource(logGroup).at("/Properties/RetentionInDays").asInt()).isEqualTo(90);
        }
    }

    @Test
    void functions_each_hasLiveAliasOnAPublishedVersion() {
        template.resourceCountIs("AWS::Lambda::Alias", 6);
        for (String name : synth.settings.functions().keySet()) {
            String fn = function(name).getKey();
            JsonNode alias = json.only("AWS::Lambda::Alias", p -> refId(p.path("FunctionName")).equals(fn)).getValue();
            assertThat(alias.at("/Properties/Name").asText()).isEqualTo("live");
            String version = refId(alias.at("/Properties/FunctionVersion"));
            assertThat(json.resource(version).path("Type").asText()).isEqualTo("AWS::Lambda::Version");
        }
    }

    @Test
    void functions_environment_isExactlyWhatEtlConfigReads() throws Exception {
        JsonNode env = function("Prepare").getValue().at("/Properties/Environment/Variables");
        // lambdas/ io.sfnetl.etl.config.EtlConfig.fromEnv reads these (ETL_LOAD_PARALLELISM left at its default);
        // ETL_SCHEDULE_TIME_ZONE is the zone of scheduled runs
        assertThat(env.properties().stream().map(Map.Entry::getKey).toList()).containsExactlyInAnyOrder(
                "ETL_DATA_BUCKET", "ETL_JOBS_TABLE", "ETL_DATASET_TABLES", "ETL_CHUNK_BYTES", "ETL_MAX_CONCURRENCY",
                "ETL_TOLERATED_FAILURE_PERCENTAGE", "ETL_MAX_REJECT_PERCENT", "ETL_SAFETY_MARGIN_MILLIS",
                "ETL_TASK_TIMEOUTS", "ETL_SCHEDULE_TIME_ZONE");
        assertThat(refId(env.path("ETL_DATA_BUCKET"))).isEqualTo(dataBucketId());
        assertThat(env.path("ETL_JOBS_TABLE").asText()).isEqualTo("sfn-etl-test-etl-jobs");
        assertThat(JSON.readTree(env.path("ETL_DATASET_TABLES").asText())).isEqualTo(
                JSON.readTree("{\"orders\":\"sfn-etl-test-orders\",\"events\":\"sfn-etl-test-events\"}"));
        assertThat(env.path("ETL_CHUNK_BYTES").asText()).isEqualTo("67108864");
        assertThat(env.path("ETL_MAX_CONCURRENCY").asText()).isEqualTo("10");
        assertThat(env.path("ETL_TOLERATED_FAILURE_PERCENTAGE").asText()).isEqualTo("0");
        assertThat(env.path("ETL_MAX_REJECT_PERCENT").asText()).isEqualTo("5");
        assertThat(env.path("ETL_SAFETY_MARGIN_MILLIS").asText()).isEqualTo("60000");
        // function timeout + max(1, timeout/30), as RunConfig.taskTimeoutFor and the twin compute it
        assertThat(JSON.readTree(env.path("ETL_TASK_TIMEOUTS").asText())).isEqualTo(JSON.readTree(
                "{\"prepare\":930,\"validate\":930,\"transform\":868,\"load\":620,\"finalize\":310}"));
        assertThat(env.path("ETL_SCHEDULE_TIME_ZONE").asText()).isEqualTo("Europe/London");
        // every function gets the same environment
        json.resources("AWS::Lambda::Function").values().forEach(f ->
                assertThat(f.at("/Properties/Environment/Variables")).isEqualTo(env));
    }

    @Test
    void functions_environment_namesAreTheOnesLambdasRead() throws Exception {
        // The contract with lambdas/ (whose classes this module does not load): the variable names in its sources.
        Set<String> read = new TreeSet<>();
        try (var files = java.nio.file.Files.walk(SynthesizedStack.REPO_ROOT.resolve("lambdas/src/main/java"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("\"(ETL_[A-Z_]+)\"").matcher(java.nio.file.Files.readString(file));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        assertThat(read).contains("ETL_DATA_BUCKET", "ETL_TASK_TIMEOUTS");
        Set<String> set = new TreeSet<>();
        function("Load").getValue().at("/Properties/Environment/Variables").fieldNames().forEachRemaining(set::add);
        assertThat(set).as("set but never read").isSubsetOf(concat(List.copyOf(read), List.of("ETL_SCHEDULE_TIME_ZONE")));
        // left at the handlers' defaults, as in the twin: Load's parallelism (4), the run lease's length, the stage
        // throughput Prepare sizes chunks with (docs/performance.md: set it from a deployed run's measured rate)
        assertThat(read).as("read but never set").isSubsetOf(concat(List.copyOf(set),
                List.of("ETL_LOAD_PARALLELISM", "ETL_LEASE_SECONDS", "ETL_STAGE_BYTES_PER_SECOND")));
    }

    @Test
    void functionRoles_noManagedPolicies_logsOnlyToTheirOwnLogGroup() {
        for (String name : synth.settings.functions().keySet()) {
            JsonNode fn = function(name).getValue().path("Properties");
            String role = refId(fn.path("Role"));
            assertThat(json.resource(role).at("/Properties/ManagedPolicyArns").isMissingNode()).isTrue();
            Map<String, List<String>> grants = grantsOf(role);
            assertThat(grants.get("logs:PutLogEvents"))
                    .containsExactly("<" + refId(fn.at("/LoggingConfig/LogGroup")) + ".Arn>");
        }
    }

    @Test
    void functionRoles_dataAccess_isExactlyWhatEachStageNeeds() {
        String b = "<" + dataBucketId() + ".Arn>";
        String jobs = "<" + tableId("sfn-etl-test-etl-jobs") + ".Arn>";
        List<String> jobActions = List.of("dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem",
                "dynamodb:Query", "dynamodb:UpdateItem");

        Map<String, List<String>> prepare = dataGrants("Prepare");
        assertThat(prepare.get("s3:GetObject")).containsExactly(b + "/*");
        assertThat(prepare.get("s3:PutObject")).containsExactly(b + "/manifests/*");
        jobActions.forEach(a -> assertThat(prepare.get(a)).containsExactly(jobs));

        Map<String, List<String>> validate = dataGrants("Validate");
        assertThat(validate.get("s3:PutObject")).containsExactlyInAnyOrder(b + "/staging/*", b + "/rejects/*");
        // the stages renew the run lease (lambdas' RunHeartbeat): read the record, update the lease, nothing else
        List<String> heartbeat = List.of("dynamodb:GetItem", "dynamodb:UpdateItem");
        assertThat(validate.keySet().stream().filter(a -> a.startsWith("dynamodb:")).toList())
                .containsExactlyInAnyOrderElementsOf(heartbeat);
        heartbeat.forEach(a -> assertThat(validate.get(a)).containsExactly(jobs));

        Map<String, List<String>> transform = dataGrants("Transform");
        // staging parts, and the spec Prepare froze at manifests/<run>/spec.json
        assertThat(transform.get("s3:GetObject")).containsExactlyInAnyOrder(b + "/staging/*", b + "/manifests/*");
        assertThat(transform.get("s3:PutObject")).containsExactlyInAnyOrder(b + "/staging/*", b + "/rejects/*");
        assertThat(transform.keySet().stream().filter(a -> a.startsWith("dynamodb:")).toList())
                .containsExactlyInAnyOrderElementsOf(heartbeat);
        heartbeat.forEach(a -> assertThat(transform.get(a)).containsExactly(jobs));

        Map<String, List<String>> load = dataGrants("Load");
        assertThat(load.get("dynamodb:BatchWriteItem")).containsExactlyInAnyOrder(
                "<" + tableId("sfn-etl-test-orders") + ".Arn>", "<" + tableId("sfn-etl-test-events") + ".Arn>");
        assertThat(load.get("s3:GetObject")).containsExactlyInAnyOrder(b + "/staging/*", b + "/manifests/*");
        assertThat(load.get("s3:PutObject")).containsExactly(b + "/rejects/*");
        heartbeat.forEach(a -> assertThat(load.get(a)).containsExactly(jobs));
        assertThat(load).doesNotContainKeys("dynamodb:DeleteItem", "dynamodb:Query");
        assertThat(load.get("dynamodb:PutItem")).doesNotContain(jobs);

        Map<String, List<String>> finalize = dataGrants("Finalize");
        // the ResultWriter's output, manifests/<run>/run.json and the rejects it summarizes; writes chunk-counts.json
        // and the rejects manifest
        assertThat(finalize.get("s3:GetObject")).containsExactlyInAnyOrder(
                b + "/results/*", b + "/manifests/*", b + "/rejects/*");
        assertThat(finalize.get("s3:PutObject")).containsExactlyInAnyOrder(b + "/manifests/*", b + "/rejects/*");
        jobActions.forEach(a -> assertThat(finalize.get(a)).containsExactly(jobs));

        Map<String, List<String>> markJobFailed = dataGrants("MarkJobFailed");
        assertThat(markJobFailed.keySet()).containsExactlyInAnyOrderElementsOf(
                concat(jobActions, List.of("states:DescribeExecution")));
        assertThat(markJobFailed.get("states:DescribeExecution")).containsExactly(EXECUTIONS + SM_NAME + ":*");
    }

    // ---- state machine ----

    @Test
    void stateMachine_standardNamedLoggingAllWithDataAndTracing() {
        JsonNode p = stateMachine().path("Properties");
        assertThat(p.path("StateMachineName").asText()).isEqualTo(SM_NAME);
        assertThat(p.path("StateMachineType").asText()).isEqualTo("STANDARD");
        assertThat(p.at("/LoggingConfiguration/Level").asText()).isEqualTo("ALL");
        assertThat(p.at("/LoggingConfiguration/IncludeExecutionData").asBoolean()).isTrue();
        assertThat(p.at("/TracingConfiguration/Enabled").asBoolean()).isTrue();
        String logGroup = refId(p.at("/LoggingConfiguration/Destinations/0/CloudWatchLogsLogGroup/LogGroupArn"));
        assertThat(json.resource(logGroup).at("/Properties/LogGroupName").asText())
                .isEqualTo("/aws/vendedlogs/states/" + SM_NAME);
        assertThat(json.resource(logGroup).at("/Properties/RetentionInDays").asInt()).isEqualTo(90);
    }

    @Test
    void definition_readBackFromTheAssetWithSubstitutionsApplied_invokesTheRightFunctionsAndWritesToTheBucket()
            throws Exception {
        JsonNode p = stateMachine().path("Properties");
        assertThat(p.has("DefinitionString")).as("definition is an S3 asset, not inlined").isFalse();
        String key = p.at("/DefinitionS3Location/Key").asText();
        assertThat(key).endsWith(".json");
        String definition = java.nio.file.Files.readString(synth.asset(key));
        assertThat(JSON.readTree(definition)).isEqualTo(JSON.readTree(
                java.nio.file.Files.readString(SynthesizedStack.REPO_ROOT.resolve(EtlApp.DEFINITION))));
        JsonNode substitutions = p.path("DefinitionSubstitutions");
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(definition);
        StringBuilder applied = new StringBuilder();
        Set<String> used = new TreeSet<>();
        while (m.find()) {
            JsonNode value = substitutions.path(m.group(1));
            assertThat(value.isMissingNode()).as("substitution for ${%s}", m.group(1)).isFalse();
            used.add(m.group(1));
            m.appendReplacement(applied, Matcher.quoteReplacement(render(value)));
        }
        m.appendTail(applied);
        JsonNode asl = JSON.readTree(applied.toString());
        assertThat(used).containsExactlyInAnyOrder("PrepareFunctionArn", "ValidateFunctionArn",
                "TransformFunctionArn", "LoadFunctionArn", "FinalizeFunctionArn", "DataBucket");

        Map<String, String> handlerByState = new LinkedHashMap<>();
        collectTasks(asl.path("States"), handlerByState);
        assertThat(handlerByState).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Prepare", "io.sfnetl.etl.lambda.PrepareHandler::handleRequest",
                "Validate", "io.sfnetl.etl.lambda.ValidateHandler::handleRequest",
                "Transform", "io.sfnetl.etl.lambda.TransformHandler::handleRequest",
                "Load", "io.sfnetl.etl.lambda.LoadHandler::handleRequest",
                "Finalize", "io.sfnetl.etl.lambda.FinalizeHandler::handleRequest"));
        assertThat(asl.at("/States/Process chunks/ResultWriter/Parameters/Bucket").asText())
                .isEqualTo("<" + dataBucketId() + ">");
        assertThat(applied.toString()).doesNotContain("${");
    }

    @Test
    void stateMachineRole_grantsExactlyWhatTheDefinitionNeeds() {
        String role = refId(stateMachine().at("/Properties/RoleArn"));
        Map<String, List<String>> grants = grantsOf(role);
        assertThat(grants.keySet()).containsExactlyInAnyOrder(
                "lambda:InvokeFunction",
                "states:StartExecution", "states:DescribeExecution", "states:StopExecution", "states:RedriveExecution",
                "s3:GetObject", "s3:PutObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload",
                "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
                "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets");
        List<String> aliases = EtlStack.DEFINITION_FUNCTIONS.stream().map(n -> "<" + aliasId(n) + ">").toList();
        assertThat(grants.get("lambda:InvokeFunction")).containsExactlyInAnyOrderElementsOf(aliases);
        String own = "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:" + SM_NAME;
        assertThat(grants.get("states:StartExecution")).containsExactly(own);
        assertThat(grants.get("states:DescribeExecution"))
                .containsExactlyInAnyOrder(EXECUTIONS + SM_NAME + ":*", EXECUTIONS + SM_NAME + "/*");
        assertThat(grants.get("states:StopExecution"))
                .containsExactlyInAnyOrder(EXECUTIONS + SM_NAME + ":*", EXECUTIONS + SM_NAME + "/*");
        assertThat(grants.get("states:RedriveExecution")).containsExactly(EXECUTIONS + SM_NAME + "/*");
        String b = "<" + dataBucketId() + ".Arn>";
        assertThat(grants.get("s3:GetObject")).containsExactlyInAnyOrder(b + "/manifests/*", b + "/results/*");
        assertThat(grants.get("s3:PutObject")).containsExactly(b + "/results/*");
        // only log delivery and X-Ray (no resource-level permissions) are on '*'
        grants.forEach((action, resources) -> {
            if (resources.contains("*")) {
                assertThat(action).matches("logs:.*|xray:.*");
            }
        });
    }

    @Test
    void policies_everywhere_allowNoWildcardAction() {
        List<JsonNode> statements = new ArrayList<>();
        json.root.path("Resources").forEach(r -> {
            JsonNode props = r.path("Properties");
            props.at("/PolicyDocument/Statement").forEach(statements::add);
            props.at("/AssumeRolePolicyDocument/Statement").forEach(statements::add);
            props.path("Policies").forEach(p -> p.at("/PolicyDocument/Statement").forEach(statements::add));
        });
        assertThat(statements).hasSizeGreaterThan(20);
        for (JsonNode s : statements) {
            List<String> actions = new ArrayList<>();
            JsonNode a = s.path("Action");
            if (a.isArray()) {
                a.forEach(x -> actions.add(x.asText()));
            } else {
                actions.add(a.asText());
            }
            assertThat(s.has("NotAction")).as("NotAction in %s", s).isFalse();
            if (s.path("Effect").asText().equals("Allow")) {
                assertThat(actions).as("actions of %s", s).noneMatch(x -> x.contains("*"));
            } else {
                // the only Deny with a wildcard is the TLS-only guard of buckets, queues and topics
                assertThat(s.at("/Condition/Bool/aws:SecureTransport").asText()).as("Deny %s", s).isEqualTo("false");
            }
        }
    }

    // ---- failure rule ----

    @Test
    void failureRule_failedTimedOutAbortedOfThisStateMachine_invokesMarkJobFailedAlias() {
        JsonNode rule = json.only("AWS::Events::Rule", p -> true).getValue().path("Properties");
        JsonNode pattern = rule.path("EventPattern");
        assertThat(pattern.path("source").toString()).isEqualTo("[\"aws.states\"]");
        assertThat(pattern.path("detail-type").toString()).isEqualTo("[\"Step Functions Execution Status Change\"]");
        assertThat(pattern.at("/detail/status").toString()).isEqualTo("[\"FAILED\",\"TIMED_OUT\",\"ABORTED\"]");
        assertThat(render(pattern.at("/detail/stateMachineArn/0")))
                .isEqualTo("arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:" + SM_NAME);
        JsonNode target = rule.at("/Targets/0");
        assertThat(refId(target.path("Arn"))).isEqualTo(aliasId("MarkJobFailed"));
        assertThat(refId(target.at("/DeadLetterConfig/Arn"))).isEqualTo(deadLettersId());
        assertThat(target.at("/RetryPolicy/MaximumRetryAttempts").asInt()).isEqualTo(8);
        String ruleId = json.only("AWS::Events::Rule", p -> true).getKey();
        JsonNode permission = json.only("AWS::Lambda::Permission", p -> true).getValue().path("Properties");
        assertThat(permission.path("Principal").asText()).isEqualTo("events.amazonaws.com");
        assertThat(refId(permission.path("FunctionName"))).isEqualTo(aliasId("MarkJobFailed"));
        assertThat(refId(permission.path("SourceArn"))).isEqualTo(ruleId);
        // the dead-letter queue accepts undeliverable events from this rule only
        JsonNode queuePolicy = json.only("AWS::SQS::QueuePolicy", p -> true).getValue().at("/Properties/PolicyDocument");
        JsonNode allow = null;
        for (JsonNode st : queuePolicy.path("Statement")) {
            if (st.path("Effect").asText().equals("Allow")) {
                assertThat(allow).as("one Allow statement").isNull();
                allow = st;
            }
        }
        assertThat(allow).isNotNull();
        assertThat(allow.path("Action").asText()).isEqualTo("sqs:SendMessage");
        assertThat(allow.at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
        assertThat(refId(allow.at("/Condition/ArnEquals/aws:SourceArn"))).isEqualTo(ruleId);
    }

    // ---- schedule ----

    @Test
    void schedule_fromConfig_cronInTimeZoneWithScheduledTimeRetryAndDeadLetters() throws Exception {
        JsonNode s = json.only("AWS::Scheduler::Schedule", p -> true).getValue().path("Properties");
        assertThat(s.path("ScheduleExpression").asText()).isEqualTo("cron(0 5 * * ? *)");
        assertThat(s.path("ScheduleExpressionTimezone").asText()).isEqualTo("Europe/London");
        assertThat(s.path("State").asText()).isEqualTo("ENABLED");
        assertThat(s.at("/FlexibleTimeWindow/Mode").asText()).isEqualTo("OFF");
        JsonNode target = s.path("Target");
        assertThat(refId(target.path("Arn"))).isEqualTo(stateMachineId());
        assertThat(target.at("/RetryPolicy/MaximumRetryAttempts").asInt()).isEqualTo(5);
        assertThat(target.at("/RetryPolicy/MaximumEventAgeInSeconds").asInt()).isEqualTo(7200);
        assertThat(target.at("/DeadLetterConfig/Arn").isMissingNode()).isFalse();
        assertThat(refId(target.at("/DeadLetterConfig/Arn"))).isEqualTo(deadLettersId());
        JsonNode input = JSON.readTree(render(target.path("Input")));
        String bucket = "<" + dataBucketId() + ">";
        assertThat(input).isEqualTo(JSON.readTree("{\"dataset\":\"s3://" + bucket + "/specs/orders.spec.json\","
                + "\"source\":\"s3://" + bucket + "/incoming/orders/\","
                + "\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}"));
        Map<String, List<String>> grants = grantsOf(refId(target.path("RoleArn")));
        assertThat(grants.get("states:StartExecution")).containsExactly("<" + stateMachineId() + ">");
        assertThat(grants.get("sqs:SendMessage")).containsExactly("<" + deadLettersId() + ".Arn>");
    }

    // ---- operations ----

    @Test
    void alarms_executionsLambdaAndDeadLetters_notifyTheTopic() {
        Map<String, JsonNode> alarms = new LinkedHashMap<>();
        json.resources("AWS::CloudWatch::Alarm").values()
                .forEach(a -> alarms.put(a.at("/Properties/AlarmName").asText(), a.path("Properties")));
        List<String> expected = new ArrayList<>(List.of("sfn-etl-test-executions-failed",
                "sfn-etl-test-executions-timed-out", "sfn-etl-test-dead-letters"));
        synth.settings.functions().keySet().forEach(n -> {
            expected.add("sfn-etl-test-" + n + "-errors");
            expected.add("sfn-etl-test-" + n + "-throttles");
        });
        assertThat(alarms.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(alarms.get("sfn-etl-test-executions-failed").path("MetricName").asText()).isEqualTo("ExecutionsFailed");
        assertThat(alarms.get("sfn-etl-test-executions-timed-out").path("MetricName").asText())
                .isEqualTo("ExecutionsTimedOut");
        assertThat(alarms.get("sfn-etl-test-Load-throttles").path("MetricName").asText()).isEqualTo("Throttles");
        assertThat(alarms.get("sfn-etl-test-dead-letters").path("MetricName").asText())
                .isEqualTo("ApproximateNumberOfMessagesVisible");
        String topic = json.only("AWS::SNS::Topic", p -> true).getKey();
        alarms.values().forEach(a -> {
            assertThat(refId(a.at("/AlarmActions/0"))).isEqualTo(topic);
            assertThat(a.path("Threshold").asInt()).isEqualTo(1);
        });
        template.hasResourceProperties("AWS::SNS::Subscription",
                Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
    }

    @Test
    void dashboardAndQueue_exist_encryptedQueue() {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "sfn-etl-test-etl"));
        String body = render(json.only("AWS::CloudWatch::Dashboard", d -> true).getValue().at("/Properties/DashboardBody"));
        assertThat(body).contains("\"AWS/States\",\"ExecutionsStarted\"", "\"AWS/States\",\"ExecutionsFailed\"",
                "\"AWS/States\",\"ExecutionsTimedOut\"", "\"AWS/States\",\"ExecutionTime\"",
                "\"AWS/Lambda\",\"Errors\"", "\"AWS/Lambda\",\"Duration\"",
                "\"AWS/SQS\",\"ApproximateNumberOfMessagesVisible\"");
        synth.settings.functions().keySet().forEach(n -> assertThat(body).contains("\"label\":\"" + n + "\""));
        template.hasResourceProperties("AWS::SQS::Queue",
                Map.of("QueueName", "sfn-etl-test-dead-letters", "SqsManagedSseEnabled", true));
    }

    @Test
    void dashboard_plotsTheFunctionsEmfMetricsPerDataset() {
        String body = json.only("AWS::CloudWatch::Dashboard", p -> true).getValue()
                .at("/Properties/DashboardBody").toString();
        // The body is a JSON string inside a JSON template: compare without the escaping of the quotes.
        String plain = body.replace("\\", "").replace("\"", "");
        assertThat(plain).contains("SEARCH('{SfnEtl,dataset,stage} MetricName=RowsRead stage=validate', 'Sum', 300)",
                "MetricName=RowsLoaded stage=load", "MetricName=RowsRejected'", "MetricName=DurationMillis', 'p99'");
    }

    @Test
    void outputs_stateMachineBucketTablesAndConsoleUrl() {
        JsonNode outputs = json.root.path("Outputs");
        assertThat(refId(outputs.at("/StateMachineArn/Value"))).isEqualTo(stateMachineId());
        assertThat(refId(outputs.at("/DataBucketName/Value"))).isEqualTo(dataBucketId());
        assertThat(refId(outputs.at("/JobsTableName/Value"))).isEqualTo(tableId("sfn-etl-test-etl-jobs"));
        assertThat(refId(outputs.at("/TableOrders/Value"))).isEqualTo(tableId("sfn-etl-test-orders"));
        assertThat(refId(outputs.at("/TableEvents/Value"))).isEqualTo(tableId("sfn-etl-test-events"));
        assertThat(render(outputs.at("/StateMachineConsoleUrl/Value"))).isEqualTo(
                "https://<AWS::Region>.console.aws.amazon.com/states/home?region=<AWS::Region>"
                        + "#/statemachines/view/<" + stateMachineId() + ">");
        template.hasOutput("AlarmTopicArn", Match.anyValue());
    }

    // ---- helpers ----

    private String dataBucketId() {
        return json.only("AWS::S3::Bucket", p -> p.has("VersioningConfiguration")).getKey();
    }

    private String tableId(String name) {
        return json.only("AWS::DynamoDB::Table", p -> p.path("TableName").asText().equals(name)).getKey();
    }

    private String keySchema(String table) {
        List<String> keys = new ArrayList<>();
        json.resource(tableId(table)).at("/Properties/KeySchema")
                .forEach(k -> keys.add(k.path("AttributeName").asText() + ":" + k.path("KeyType").asText()));
        return String.join(",", keys);
    }

    private Map.Entry<String, JsonNode> function(String name) {
        return json.only("AWS::Lambda::Function", p -> p.path("FunctionName").asText().equals("sfn-etl-test-" + name));
    }

    private String aliasId(String function) {
        String fn = function(function).getKey();
        return json.only("AWS::Lambda::Alias", p -> refId(p.path("FunctionName")).equals(fn)).getKey();
    }

    private String stateMachineId() {
        return json.only("AWS::StepFunctions::StateMachine", p -> true).getKey();
    }

    private JsonNode stateMachine() {
        return json.resource(stateMachineId());
    }

    private String deadLettersId() {
        return json.only("AWS::SQS::Queue", p -> true).getKey();
    }

    /** Action to the rendered resources it is allowed on, over every policy attached to the role. */
    private Map<String, List<String>> grantsOf(String roleId) {
        Map<String, List<String>> grants = new LinkedHashMap<>();
        json.resources("AWS::IAM::Policy").values().forEach(policy -> {
            boolean attached = false;
            for (JsonNode r : policy.at("/Properties/Roles")) {
                attached |= refId(r).equals(roleId);
            }
            if (!attached) {
                return;
            }
            for (JsonNode s : policy.at("/Properties/PolicyDocument/Statement")) {
                assertThat(s.path("Effect").asText()).isEqualTo("Allow");
                List<String> resources = new ArrayList<>();
                JsonNode res = s.path("Resource");
                if (res.isArray()) {
                    res.forEach(x -> resources.add(render(x)));
                } else {
                    resources.add(render(res));
                }
                JsonNode actions = s.path("Action");
                List<String> names = new ArrayList<>();
                if (actions.isArray()) {
                    actions.forEach(a -> names.add(a.asText()));
                } else {
                    names.add(actions.asText());
                }
                names.forEach(a -> grants.computeIfAbsent(a, k -> new ArrayList<>()).addAll(resources));
            }
        });
        return grants;
    }

    /** A function role's grants without its log group and X-Ray statements. */
    private Map<String, List<String>> dataGrants(String function) {
        Map<String, List<String>> grants = grantsOf(refId(function(function).getValue().at("/Properties/Role")));
        grants.keySet().removeIf(a -> a.startsWith("logs:") || a.startsWith("xray:"));
        return grants;
    }

    private void collectTasks(JsonNode states, Map<String, String> handlerByState) {
        states.properties().forEach(e -> {
            JsonNode state = e.getValue();
            if (state.path("Type").asText().equals("Task")
                    && state.path("Resource").asText().equals("arn:aws:states:::lambda:invoke")) {
                String aliasRef = state.at("/Parameters/FunctionName").asText();
                String aliasId = aliasRef.substring(1, aliasRef.length() - 1);
                String fnId = refId(json.resource(aliasId).at("/Properties/FunctionName"));
                handlerByState.put(e.getKey(), json.resource(fnId).at("/Properties/Handler").asText());
            }
            if (state.has("ItemProcessor")) {
                collectTasks(state.at("/ItemProcessor/States"), handlerByState);
            }
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        Set<String> s = new TreeSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }
}
