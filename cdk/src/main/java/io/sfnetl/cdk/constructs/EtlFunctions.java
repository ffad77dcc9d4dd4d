package io.sfnetl.cdk.constructs;

import io.sfnetl.cdk.config.PipelineSettings.FunctionSettings;
import io.sfnetl.cdk.internal.Nag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The Lambda functions of {@code lambdas/}, all from one shaded jar: per function a log group with retention, a
 * role that may write only to that log group (and X-Ray), the function (Java runtime, SnapStart on published
 * versions, active tracing, memory and timeout from the configuration) and an alias {@value #ALIAS} on its current
 * version. Callers (the state machine, the failure rule) invoke the alias, which SnapStart applies to.
 *
 * <p>Grant each function's data access on its {@link #role(String)}.
 */
public final class EtlFunctions extends Construct {

    /** The alias every caller invokes. */
    public static final String ALIAS = "live";
    /** Java 25 is the newest Lambda Java runtime in aws-cdk-lib 2.263; the code is compiled for Java 21. */
    public static final Runtime RUNTIME = Runtime.JAVA_25;

    /**
     * @param namePrefix deployed function names are {@code namePrefix + name} (e.g. {@code sfn-etl-dev-Prepare})
     * @param functions the functions, by name
     * @param jar the shaded Lambda jar (must exist: built by {@code mvn package} in {@code lambdas/})
     * @param environment the environment of every function (names and settings only, never secrets)
     * @param logRetention retention of the functions' log groups
     * @param removal what happens to the log groups when the stack is deleted
     */
    public record Props(String namePrefix, Map<String, FunctionSettings> functions, Path jar,
                        Map<String, String> environment, RetentionDays logRetention, RemovalPolicy removal) {
        public Props {
            Objects.requireNonNull(namePrefix, "namePrefix");
            Objects.requireNonNull(jar, "jar");
            Objects.requireNonNull(logRetention, "logRetention");
            Objects.requireNonNull(removal, "removal");
            if (functions == null || functions.isEmpty()) {
                throw new IllegalArgumentException("EtlFunctions needs at least one function");
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("the Lambda jar " + jar + " does not exist; build it first with "
                        + "'mvn -q -pl lambdas -am package -DskipTests' (or run the app through cdk.json, which does)");
            }
            functions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(functions));
            environment = Map.copyOf(environment);
        }
    }

    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, LogGroup> logGroups = new LinkedHashMap<>();

    public EtlFunctions(Construct scope, String id, Props props) {
        super(scope, id);
        Code code = Code.fromAsset(props.jar().toString());
        for (FunctionSettings f : props.functions().values()) {
            String name = props.namePrefix() + f.name();
            LogGroup logs = LogGroup.Builder.create(this, f.name() + "Logs")
                    .logGroupName("/aws/lambda/" + name)
                    .retention(props.logRetention())
                    .removalPolicy(props.removal())
                    .build();
            Role role = Role.Builder.create(this, f.name() + "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description("sfn-etl " + f.name() + ": its log group, X-Ray, and the data it needs")
                    .build();
            role.addToPolicy(PolicyStatement.Builder.create()
                    .effect(Effect.ALLOW)
                    .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                    .resources(List.of(logs.getLogGroupArn()))
                    .build());
            Function fn = Function.Builder.create(this, f.name())
                    .functionName(name)
                    .description("sfn-etl " + f.name() + " (" + f.handler() + ")")
                    .runtime(RUNTIME)
                    .architecture(Architecture.X86_64)
                    .code(code)
                    .handler(f.handler())
                    .memorySize(f.memoryMb())
                    .timeout(Duration.seconds(f.timeoutSeconds()))
                    .environment(props.environment())
                    .role(role)
                    .logGroup(logs)
                    .tracing(Tracing.ACTIVE)
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .build();
            Alias alias = Alias.Builder.create(this, f.name() + "Alias")
                    .aliasName(ALIAS)
                    .version(fn.getCurrentVersion())
                    .build();
            // Callers invoke the alias on fn.currentVersion, a published version, which is what SnapStart needs.
            Annotations.of(fn).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "invoked through the '" + ALIAS + "' alias on a published version");
            functions.put(f.name(), fn);
            aliases.put(f.name(), alias);
            roles.put(f.name(), role);
            logGroups.put(f.name(), logs);
            Nag.suppressFindings(role, "AwsSolutions-IAM5",
                    "X-Ray's PutTraceSegments and PutTelemetryRecords (added by active tracing) support no "
                            + "resource-level permissions, so their resource must be '*'; actions are exact.",
                    List.of("^Resource::\\*$"));
        }
    }

    public Function function(String name) {
        return get(functions, name);
    }

    /** The alias callers invoke (SnapStart applies to published versions only). */
    public Alias alias(String name) {
        return get(aliases, name);
    }

    public Role role(String name) {
        return get(roles, name);
    }

    public LogGroup logGroup(String name) {
        return get(logGroups, name);
    }

    /** Function name to function, in configuration order. */
    public Map<String, Function> functions() {
        return java.util.Collections.unmodifiableMap(functions);
    }

    /** Function name to alias, in configuration order. */
    public Map<String, Alias> aliases() {
        return java.util.Collections.unmodifiableMap(aliases);
    }

    private static <T> T get(Map<String, T> map, String name) {
        T t = map.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no function '" + name + "' (known: " + map.keySet() + ")");
        }
        return t;
    }
}
