package io.sfnetl.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.mock.MockConfig;
import io.sfnetl.cli.ExitCodes.UserError;
import io.sfnetl.local.api.SfnClients;
import io.sfnetl.local.schedule.LocalScheduler;
import io.sfnetl.local.schedule.SfnExecutionStarter;
import io.sfnetl.local.twin.LocalTwin;
import io.sfnetl.local.twin.TwinServer;
import io.sfnetl.local.twin.TwinState;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code etl local up}: runs the twin until Ctrl-C (or SIGTERM) and publishes it in {@code <data-dir>/twin.json}, so
 * that the other commands, SDKs and the AWS CLI use it.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the local twin until Ctrl-C: the Step Functions API (AWS JSON 1.0, for SDKs and "
                + "'aws stepfunctions --endpoint-url'), S3, DynamoDB and the ETL functions, all on 127.0.0.1.",
                "The ETL state machine is deployed as 'sfn-etl'. The endpoints go to stdout (JSON) and to "
                        + "<data-dir>/twin.json, where 'etl start', 'etl executions', ... find the twin."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./etl local up", "  ./etl local up --port 8083 --ephemeral",
                "  ./etl local up --mock-config statemachine/test/mocks.json   (then start 'sfn-etl#<TestCase>')",
                "  aws stepfunctions --endpoint-url http://127.0.0.1:8083 list-executions \\",
                "      --state-machine-arn arn:aws:states:us-east-1:000000000000:stateMachine:sfn-etl",
                "  (the AWS CLI needs credentials and a region; any values do:",
                "   export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1)"})
public final class LocalUpCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8083", description = "The Step Functions API port on 127.0.0.1; 0 picks "
            + "a free one (default: ${DEFAULT-VALUE}, as Step Functions Local). S3 and DynamoDB take free ports.")
    int port;

    @Option(names = "--data-dir", description = "Where S3 and DynamoDB keep their data and twin.json is written "
            + "(default: .etl/ in the repository).")
    Path dataDir;

    @Option(names = "--ephemeral", description = "Keep S3 and DynamoDB in memory (twin.json still goes to the data dir).")
    boolean ephemeral;

    @Option(names = "--mock-config", description = "A Step Functions Local mock configuration, for StartExecution with "
            + "a '#TestCase' suffix on the state machine ARN.")
    Path mockConfig;

    @Option(names = "--lambda-timeout-scale", defaultValue = "1", description = "Multiplies every function timeout "
            + "(default: ${DEFAULT-VALUE}).")
    double lambdaTimeoutScale;

    @Option(names = "--wait-time-scale", defaultValue = "1", description = "Multiplies Wait and Retry delays; 0 makes "
            + "them instant (default: ${DEFAULT-VALUE}).")
    double waitTimeScale;

    @Option(names = {"-v", "--verbose"}, description = "Also show the functions' JSON log lines on stderr.")
    boolean verbose;

    @Option(names = "--schedule", description = "Also fire the schedule of config/pipeline.json (as 'etl schedule run'"
            + " does; docs/schedule.md).")
    boolean schedule;

    @Override
    public Integer call() throws Exception {
        Path home = Home.dir();
        Path stateDir = dataDir != null ? dataDir.toAbsolutePath().normalize() : home.resolve(".etl");
        TwinState.find(stateDir).ifPresent(t -> {
            throw new UserError("a twin is already running for " + stateDir + " (pid " + t.pid() + ", API "
                    + t.stepFunctions() + "); use it, stop it (Ctrl-C in its terminal), or give another --data-dir");
        });
        MockConfig mocks = mockConfig == null ? null : MockConfig.parse(mockConfig);
        TwinServer twin = TwinServer.start(new TwinServer.Options(new LocalTwin.Options(home,
                ephemeral ? null : stateDir, lambdaTimeoutScale), port, waitTimeScale, mocks, stateDir));
        long resumed;
        try {
            // executions of an earlier run (Ctrl-C, SIGKILL) become visible again; the RUNNING ones continue
            resumed = twin.resumeJournal().stream()
                    .filter(e -> e.status() == io.sfnetl.asl.ExecutionStatus.RUNNING).count();
        } catch (RuntimeException e) {
            twin.close();
            throw e;
        }
        // issue 8: the nightly schedule, fired through the twin's own Step Functions API (docs/schedule.md)
        TwinState up = twin.state();
        SfnClient scheduleClient = schedule ? SfnClients.local(up.stepFunctions()) : null;
        Optional<LocalScheduler> scheduler = schedule ? LocalScheduler.startForTwin(home, stateDir,
                new SfnExecutionStarter(scheduleClient, up.stateMachineArn()), up.dataBucket(), System.err::println)
                : Optional.empty();
        AtomicBoolean closed = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            if (closed.compareAndSet(false, true)) {
                System.err.println("etl: stopping the twin...");
                scheduler.ifPresent(LocalScheduler::close);
                if (scheduleClient != null) {
                    scheduleClient.close();
                }
                twin.close();
                System.err.println("etl: stopped");
            }
            stopped.countDown();
        };
        Thread hook = new Thread(stop, "etl-local-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (verbose) {
            twin.twin().logFunctionsTo(System.err);
        }
        TwinState s = twin.state();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("stepFunctions", s.stepFunctions().toString());
        out.put("s3", s.s3().toString());
        out.put("dynamoDb", s.dynamoDb().toString());
        out.put("stateMachineArn", s.stateMachineArn());
        out.put("dataBucket", s.dataBucket());
        out.put("region", LocalTwin.REGION);
        out.put("pid", s.pid());
        System.out.println(SdkJson.printJson(out));
        System.out.flush();
        System.err.printf("etl: the twin is up (%s); state in %s. Ctrl-C stops it.%n",
                ephemeral ? "in memory" : "data in " + stateDir, stateDir.resolve(TwinState.FILE));
        System.err.printf("  Step Functions  %s   (aws stepfunctions --endpoint-url %s ...)%n", s.stepFunctions(),
                s.stepFunctions());
        System.err.printf("  S3              %s   bucket %s%n", s.s3(), s.dataBucket());
        System.err.printf("  DynamoDB        %s%n", s.dynamoDb());
        System.err.printf("  state machine   %s%n", s.stateMachineArn());
        if (resumed > 0) {
            System.err.printf("  resumed         %d running execution(s) from the journal%n", resumed);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the twin
            }
            stop.run();
        }
        return ExitCodes.OK;
    }
}
