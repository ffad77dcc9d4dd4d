package io.sfnetl.cdk.constructs;

import io.sfnetl.cdk.internal.Nag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The ETL state machine from {@code statemachine/etl.asl.json}: STANDARD, the definition file deployed as an S3 asset
 * ({@code DefinitionBody.fromFile}, so it never nears the template size limit) with CloudFormation definition
 * substitutions for its {@code ${Name}} placeholders, logging at ALL with execution data, X-Ray tracing, and a role that may do exactly what
 * the definition does: invoke the given functions, run and redrive the Distributed Map's child executions of this
 * state machine, read manifests and write Map results in the data bucket.
 *
 * <p>The state machine has an explicit name, so its ARN and its executions' ARNs are known without referring to
 * the resource (no circular reference between its role and itself).
 */
public final class EtlStateMachine extends Construct {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    /**
     * @param stateMachineName the explicit name (1..80 of letters, digits, '-', '_')
     * @param definitionFile the ASL JSON file with {@code ${Name}} placeholders (read here to check them)
     * @param substitutions a value for every placeholder of the definition (tokens allowed)
     * @param invokes the functions (aliases) the definition invokes
     * @param storage the data bucket: manifests are read under {@link DataStorage#MANIFESTS}, Map results written
     *     under {@link DataStorage#RESULTS}
     * @param logRetention retention of the execution log group
     * @param removal what happens to the log group when the stack is deleted
     */
    public record Props(String stateMachineName, Path definitionFile, Map<String, String> substitutions,
                        List<IFunction> invokes, DataStorage storage, RetentionDays logRetention,
                        RemovalPolicy removal) {
        public Props {
            Objects.requireNonNull(definitionFile, "definitionFile");
            Objects.requireNonNull(storage, "storage");
            Objects.requireNonNull(logRetention, "logRetention");
            Objects.requireNonNull(removal, "removal");
            if (stateMachineName == null || !stateMachineName.matches("[A-Za-z0-9_-]{1,80}")) {
                throw new IllegalArgumentException("state machine name '" + stateMachineName
                        + "' must be 1..80 letters, digits, '-' or '_'");
            }
            substitutions = Map.copyOf(substitutions);
            String definition;
            try {
                definition = Files.readString(definitionFile);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the state machine definition " + definitionFile + " ("
                        + e + "); run the app from the repository root", e);
            }
            Matcher m = PLACEHOLDER.matcher(definition);
            while (m.find()) {
                if (!substitutions.containsKey(m.group(1))) {
                    throw new IllegalArgumentException("the definition " + definitionFile + " uses ${" + m.group(1)
                            + "} but no substitution "
                            + "gives it a value (known: " + substitutions.keySet().stream().sorted().toList() + ")");
                }
            }
            if (invokes == null || invokes.isEmpty()) {
                throw new IllegalArgumentException("the state machine must invoke at least one function");
            }
            invokes = List.copyOf(invokes);
        }
    }

    private final StateMachine stateMachine;
    private final Role role;
    private final LogGroup logGroup;
    private final String arn;
    private final String name;

    public EtlStateMachine(Construct scope, String id, Props props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        name = props.stateMachineName();
        arn = stack.formatArn(ArnComponents.builder().service("states").resource("stateMachine")
                .resourceName(name).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
        String ownExecutions = executionArn(stack, name + ":*");
        String childExecutions = executionArn(stack, name + "/*");

        logGroup = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/vendedlogs/states/" + name)
                .retention(props.logRetention())
                .removalPolicy(props.removal())
                .build();

        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("states.amazonaws.com"))
                .description("sfn-etl state machine " + name + ": invoke its functions, run its Distributed Map")
                .build();
        role.addToPolicy(allow(List.of("lambda:InvokeFunction"),
                props.invokes().stream().map(IFunction::getFunctionArn).toList()));
        // Distributed Map: the Map Run starts child executions of this same state machine and watches them.
        role.addToPolicy(allow(List.of("states:StartExecution"), List.of(arn)));
        role.addToPolicy(allow(List.of("states:DescribeExecution", "states:StopExecution"),
                List.of(ownExecutions, childExecutions)));
        // Redriving the parent redrives the Map Run, which redrives its failed child executions.
        role.addToPolicy(allow(List.of("states:RedriveExecution"), List.of(childExecutions)));
        // ItemReader (arn:aws:states:::s3:getObject) over the manifest.
        role.addToPolicy(allow(List.of("s3:GetObject"), List.of(props.storage().objectsArn(DataStorage.MANIFESTS))));
        // ResultWriter (arn:aws:states:::s3:putObject): multipart writes of the children's results.
        role.addToPolicy(allow(List.of("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts",
                "s3:AbortMultipartUpload"), List.of(props.storage().objectsArn(DataStorage.RESULTS))));

        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(name)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(props.definitionFile().toString()))
                .definitionSubstitutions(props.substitutions())
                .role(role)
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(logGroup)
                        .level(LogLevel.ALL)
                        .includeExecutionData(true)
                        .build())
                .build();

        Nag.suppressFindings(role, "AwsSolutions-IAM5",
                "Distributed Map child executions and Map Run redrives have run-generated names "
                        + "(execution:<name>/<mapRunLabel>:<child>), and manifests/results have run-scoped keys, "
                        + "so these resources end in a wildcard; CloudWatch log delivery and X-Ray actions "
                        + "(logs:*LogDelivery, logs:PutResourcePolicy, xray:PutTraceSegments, ...) support only "
                        + "resource '*'. No action is a wildcard.",
                List.of("^Resource::\\*$",
                        "^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:"
                                + name + "[:/]\\*$",
                        "^Resource::<.*\\.Arn>/(manifests|results)/\\*$"));
    }

    private static String executionArn(Stack stack, String resourceName) {
        return stack.formatArn(ArnComponents.builder().service("states").resource("execution")
                .resourceName(resourceName).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }

    private static PolicyStatement allow(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(actions).resources(resources).build();
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    /** The ARN, known from the name alone (no reference to the resource). */
    public String arn() {
        return arn;
    }

    /** The ARN pattern of this state machine's executions, {@code arn:...:execution:<name>:*}. */
    public String executionsArn() {
        return executionArn(Stack.of(this), name + ":*");
    }

    /** The explicit name. */
    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public LogGroup logGroup() {
        return logGroup;
    }
}
