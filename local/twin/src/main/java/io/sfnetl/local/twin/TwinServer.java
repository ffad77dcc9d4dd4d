package io.sfnetl.local.twin;

import io.sfnetl.asl.Engine;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.StateMachine;
import io.sfnetl.asl.TaskInvoker;
import io.sfnetl.asl.mock.MockConfig;
import io.sfnetl.local.events.FailedRunRule;
import io.sfnetl.local.api.StepFunctionsServer;
import io.sfnetl.local.api.StepFunctionsService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole twin in one object: {@link LocalTwin} (S3, DynamoDB, the functions) plus the Step Functions API on
 * 127.0.0.1 with the ETL state machine ({@code statemachine/etl.asl.json}, substituted with the twin's function ARNs)
 * deployed as {@value #ETL_STATE_MACHINE}. {@code etl local up} runs one until Ctrl-C and publishes it in
 * {@code twin.json}; {@code etl start} runs one in-process when none is running.
 */
public final class TwinServer implements AutoCloseable {
    /** The ETL state machine's name in the twin. */
    public static final String ETL_STATE_MACHINE = "sfn-etl";

    /**
     * @param twin the services, functions and data directory
     * @param port the Step Functions API port, 0 for any free one
     * @param waitTimeScale multiplies Wait and Retry delays
     * @param mockConfig the mock configuration for {@code #TestCase} starts, or null
     * @param stateDir where to publish {@code twin.json} (removed on close), or null not to publish
     */
    public record Options(LocalTwin.Options twin, int port, double waitTimeScale, MockConfig mockConfig, Path stateDir) {
    }

    private final LocalTwin twin;
    private final StepFunctionsServer server;
    private final String stateMachineArn;
    private final Path stateDir;
    private final TwinState state;
    private software.amazon.awssdk.services.sfn.SfnClient consoleSfn;

    private TwinServer(LocalTwin twin, StepFunctionsServer server, String stateMachineArn, Path stateDir) {
        this.twin = twin;
        this.server = server;
        this.stateMachineArn = stateMachineArn;
        this.stateDir = stateDir;
        this.state = new TwinState(ProcessHandle.current().pid(), server.endpoint(), twin.services().s3Endpoint(),
                twin.services().dynamoDbEndpoint(), stateMachineArn, LocalTwin.DATA_BUCKET,
                twin.services().dataDir() == null ? null : twin.services().dataDir().toString(), twin.substitutions());
    }

    /**
     * Starts the twin and its API.
     *
     * @throws StepFunctionsServer.PortInUseException when the API port is taken (checked before anything starts)
     */
    public static TwinServer start(Options options) {
        if (options.port() != 0) {
            checkFree(options.port());
        }
        LocalTwin twin = LocalTwin.start(options.twin());
        StepFunctionsServer server = null;
        try {
            S3ObjectStore store = new S3ObjectStore(twin.services().s3Client());
            TaskInvoker invoker = new TwinTaskInvoker(twin.lambdas(), twin.mapper());
            StepFunctionsService service = new StepFunctionsService(new StepFunctionsService.Config(
                    () -> journaled(Engine.builder().taskInvoker(invoker).itemReaderSource(store).resultWriterSink(store)
                            .waitTimeScale(options.waitTimeScale()), twin),
                    invoker, options.mockConfig(), LocalTwin.REGION, LocalTwin.ACCOUNT,
                    // the stack's EventBridge rule: a failed/timed-out/aborted ETL execution invokes MarkJobFailed
                    new FailedRunRule(ETL_STATE_MACHINE, LocalTwin.REGION, LocalTwin.ACCOUNT, "MarkJobFailed",
                            twin.lambdas()::invoke, twin.mapper())));
            String definition = StateMachine.parse(LocalTwin.readText(options.twin().home()
                    .resolve("statemachine/etl.asl.json")), twin.substitutions()).json();
            if (options.twin().dataDir() != null) {
                service.persistMachines(options.twin().dataDir().resolve("state-machines"));
            }
            String arn = service.deploy(ETL_STATE_MACHINE, definition, "STANDARD");
            server = StepFunctionsServer.start(service, options.port());
            TwinServer running = new TwinServer(twin, server, arn, options.stateDir());
            running.serveConsoleData(options.twin());
            if (options.stateDir() != null) {
                running.state.write(options.stateDir());
            }
            return running;
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            twin.close();
            throw e;
        }
    }

    /** Console hook (docs/console.md): the console's read-only ETL endpoint reads this twin's stores. */
    private void serveConsoleData(LocalTwin.Options o) {
        consoleSfn = io.sfnetl.local.api.SfnClients.local(server.endpoint());
        server.console().serveData(new io.sfnetl.local.console.ConsoleData(twin.services().s3Client(),
                twin.services().dynamoDbClient(), LocalTwin.DATA_BUCKET, twin.etlConfig().jobsTable(),
                twin.functionLogFile(), o.home(), o.dataDir(),
                new io.sfnetl.local.schedule.SfnExecutionStarter(consoleSfn, stateMachineArn)));
    }

    /** Durability hook (docs/durability.md): on disk, the engine journals every execution under the data directory. */
    private static Engine.Builder journaled(Engine.Builder b, LocalTwin twin) {
        return twin.journalDir() == null ? b : b.journal(twin.journalDir());
    }

    private static void checkFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw new StepFunctionsServer.PortInUseException(port);
        }
    }

    /** What {@code twin.json} says about this twin. */
    public TwinState state() {
        return state;
    }

    public LocalTwin twin() {
        return twin;
    }

    public StepFunctionsServer server() {
        return server;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    /**
     * Restores the executions journaled under the data directory by an earlier run of the twin (RUNNING ones continue);
     * for {@code etl local up}. Nothing to do in memory.
     *
     * @return the restored executions
     */
    public List<Execution> resumeJournal() {
        return twin.journalDir() == null ? List.of() : server.service().resume();
    }

    @Override
    public void close() {
        try {
            // executions stop where they are, as when the process ends; the journal resumes them at the next start
            server.service().halt();
            server.close();
            if (consoleSfn != null) {
                consoleSfn.close();
            }
        } finally {
            twin.close();
            if (stateDir != null) {
                TwinState.remove(stateDir, state.pid());
            }
        }
    }
}
