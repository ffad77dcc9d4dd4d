package io.sfnetl.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.sfnetl.cdk.config.InvalidConfigException;
import io.sfnetl.cdk.config.PipelineSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: reads {@code config/pipeline.json} once, composes the {@link EtlStack} for the stage named by the CDK
 * context ({@code -c stage=NAME}, default {@value #DEFAULT_STAGE}) and applies cdk-nag's AwsSolutions checks.
 * Run by {@code cdk synth}/{@code cdk deploy} through {@code cdk.json}, from the repository root.
 */
public final class EtlApp {

    public static final String DEFAULT_STAGE = "dev";
    /** The Lambda jar, relative to the repository root (built by {@code mvn package} in {@code lambdas/}). */
    public static final String LAMBDA_JAR = "lambdas/target/sfn-etl-lambdas-0.1.0-SNAPSHOT-aws.jar";
    public static final String DEFINITION = "statemachine/etl.asl.json";

    private EtlApp() {
    }

    public static void main(String[] args) {
        int code = run(new App(), Path.of("").toAbsolutePath(), System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Composes and synthesizes {@code app} from the repository at or above {@code workDir}.
     *
     * @return 0, or 2 after printing to {@code err} what in the configuration (or the stage name) must be fixed
     */
    static int run(App app, Path workDir, PrintStream err) {
        try {
            compose(app, findRepoRoot(workDir), null);
            app.synth();
            return 0;
        } catch (InvalidConfigException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    /**
     * Adds the stack for the context's stage to {@code app} and applies the nag checks.
     *
     * @param repoRoot the repository root (config, definition, Lambda jar and spec paths are relative to it)
     * @param settings the configuration to use, or null to read {@code config/pipeline.json}
     */
    public static EtlStack compose(App app, Path repoRoot, PipelineSettings settings) {
        Object stageContext = app.getNode().tryGetContext("stage");
        String stage = stageContext == null ? DEFAULT_STAGE : stageContext.toString();
        PipelineSettings config = settings != null ? settings : PipelineSettings.load(repoRoot);
        EtlStack.Props props = new EtlStack.Props(stage, config, repoRoot.resolve(DEFINITION),
                repoRoot.resolve(LAMBDA_JAR));
        EtlStack stack = new EtlStack(app, "sfn-etl-" + stage, StackProps.builder()
                .description("sfn-etl (" + stage + "): chunked ETL on Step Functions with a Distributed Map")
                .env(environment())
                .build(), props);
        Tags.of(app).add("project", "sfn-etl");
        Tags.of(app).add("stage", stage);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    /** The account and region of the CLI's profile when deploying; unset (environment-agnostic) otherwise. */
    private static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        if (account == null || region == null) {
            return null;
        }
        return Environment.builder().account(account).region(region).build();
    }

    /** The nearest directory at or above {@code start} holding {@code config/pipeline.json}. */
    public static Path findRepoRoot(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("config/pipeline.json"))) {
                return p;
            }
        }
        throw new IllegalArgumentException("no config/pipeline.json in " + start + " or above; run the app from the "
                + "sfn-etl repository (cdk synth at its root)");
    }
}
