package io.sfnetl.cdk.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.cdk.config.internal.SettingsReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code config/pipeline.json} as the stack needs it, read once and checked as a whole: {@link #load(Path)} either
 * returns settings the stack can be built from, or throws {@link InvalidConfigException} listing every problem.
 * The local twin reads the same file (its own reader); both must agree on meaning, so every field is documented
 * here with its default.
 *
 * @param functions the six functions the definition and the failure rule call, by name ({@link #FUNCTION_NAMES}),
 *     in that order
 * @param runDefaults the {@code runDefaults} object as written (numbers checked); each field reaches the functions
 *     as its own variable ({@code EtlStack.RUN_DEFAULT_VARIABLES})
 * @param schedule the nightly schedule
 * @param datasets the deployed datasets, in file order, each with its table's key read from its spec file
 * @param jobsTable the logical name of the jobs table (the deployed name gets the stage prefix)
 * @param operations alarms, log retention, expirations and deletion protection ({@code operations} in the file,
 *     every field optional)
 */
public record PipelineSettings(Map<String, FunctionSettings> functions, ObjectNode runDefaults,
                               ScheduleSettings schedule, List<DatasetSettings> datasets, String jobsTable,
                               OperationsSettings operations) {

    /** The functions of {@code lambdas/} the stack deploys; each must be configured under {@code functions}. */
    public static final List<String> FUNCTION_NAMES =
            List.of("Prepare", "Validate", "Transform", "Load", "Finalize", "MarkJobFailed");

    /**
     * Reads {@code config/pipeline.json} under {@code repoRoot}, and the dataset spec files it names (relative to
     * {@code repoRoot}) for the tables' keys.
     *
     * @throws InvalidConfigException naming every invalid value with its JSON location, or a missing file
     */
    public static PipelineSettings load(Path repoRoot) {
        return load(repoRoot, repoRoot.resolve("config/pipeline.json"));
    }

    /** As {@link #load(Path)}, with the configuration file given explicitly (tests, other stages' files). */
    public static PipelineSettings load(Path repoRoot, Path configFile) {
        return new SettingsReader(repoRoot, configFile).read();
    }

    public FunctionSettings function(String name) {
        FunctionSettings f = functions.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no function '" + name + "' (known: " + functions.keySet() + ")");
        }
        return f;
    }

    /**
     * One Lambda function.
     *
     * @param name the logical name (Prepare, ...), used in ARNs' substitution names ({@code ${PrepareFunctionArn}})
     * @param handler {@code class::method} as Lambda's Java runtime takes it
     * @param memoryMb 128..10240
     * @param timeoutSeconds 1..900
     */
    public record FunctionSettings(String name, String handler, int memoryMb, int timeoutSeconds) {
        /** The name of this function's ARN in the definition's substitutions, e.g. {@code PrepareFunctionArn}. */
        public String substitutionName() {
            return name + "FunctionArn";
        }

        /** The key of this function's task in {@code ETL_TASK_TIMEOUTS} and the run config, e.g. {@code prepare}. */
        public String stageKey() {
            return Character.toLowerCase(name.charAt(0)) + name.substring(1);
        }
    }

    /**
     * The EventBridge Scheduler schedule that starts the state machine.
     *
     * @param expression {@code cron(...)} (six fields), {@code rate(...)} or {@code at(...)}, EventBridge syntax
     * @param timeZone an IANA zone id (e.g. {@code Europe/London}); the expression is evaluated in it
     * @param flexibleWindowMinutes 0 (off, the default) or 1..1440
     * @param enabled false deploys the schedule disabled (default true)
     * @param input the execution input template: a JSON object; {@code ${DataBucket}} in its strings becomes the
     *     bucket name, {@code <aws.scheduler.scheduled-time>} is filled by the Scheduler at each fire
     * @param retryAttempts Scheduler's retry policy: attempts 0..185 (default 3)
     * @param maximumEventAgeSeconds Scheduler's retry policy: 60..86400 (default 3600)
     */
    public record ScheduleSettings(String expression, String timeZone, int flexibleWindowMinutes, boolean enabled,
                                   ObjectNode input, int retryAttempts, int maximumEventAgeSeconds) {
        /** The input template with {@code ${DataBucket}} replaced, as the JSON text the Scheduler sends. */
        public String renderInput(String bucketName) {
            return input.toString().replace("${DataBucket}", bucketName);
        }
    }

    /**
     * A deployed dataset.
     *
     * @param name the logical dataset name (a key of {@code datasets}, also the spec's dataset name)
     * @param specFile the spec file, relative to the repository root
     * @param table the logical table name (the deployed name gets the stage prefix)
     * @param partitionKey the spec's {@code target.partitionKey.name} (a string attribute)
     * @param sortKey the spec's {@code target.sortKey.name}, or null when the table has no sort key
     */
    public record DatasetSettings(String name, String specFile, String table, String partitionKey, String sortKey) {
        public Optional<String> sortKeyName() {
            return Optional.ofNullable(sortKey);
        }
    }

    /**
     * Operations settings ({@code operations}, every field optional).
     *
     * @param alarmEmail an address subscribed to the alarm topic, or null for none (default)
     * @param logRetentionDays retention of every log group; one of CloudWatch's values (default 30)
     * @param deletionProtection true (default): tables are deletion-protected and data resources are retained when
     *     the stack is deleted; false: tables and logs are deleted with the stack (the bucket is always retained)
     * @param stagingExpirationDays {@code staging/} objects expire after this many days; at least 14, the redrive
     *     window (default 14)
     * @param manifestsExpirationDays {@code manifests/} expiry, at least 14 (default 30)
     * @param resultsExpirationDays {@code results/} (the Map's ResultWriter output) expiry, at least 14 (default 30)
     * @param rejectsExpirationDays {@code rejects/} expiry, at least 1 (default 30); rejects keep raw rows
     */
    public record OperationsSettings(String alarmEmail, int logRetentionDays, boolean deletionProtection,
                                     int stagingExpirationDays, int manifestsExpirationDays,
                                     int resultsExpirationDays, int rejectsExpirationDays) {
        public Optional<String> alarmEmailAddress() {
            return Optional.ofNullable(alarmEmail);
        }
    }
}
