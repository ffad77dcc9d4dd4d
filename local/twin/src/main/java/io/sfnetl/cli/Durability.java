package io.sfnetl.cli;

import io.sfnetl.asl.Engine;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.cli.ExitCodes.UserError;
import io.sfnetl.local.lambda.Chaos;
import io.sfnetl.local.services.LocalServicesException;
import io.sfnetl.local.twin.LocalTwin;
import io.sfnetl.local.twin.S3ObjectStore;
import io.sfnetl.local.twin.TwinTaskInvoker;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * {@code etl start}'s durability options (docs/durability.md): {@code --chaos}, {@code --isolation} and
 * {@code --resume}, which restores the data directory's execution journal on an engine of its own and follows the
 * executions that were RUNNING to their end.
 */
final class Durability {
    private final Chaos chaos;
    private final LocalTwin.Isolation isolation;
    private final boolean verbose;
    private LocalTwin applied;

    /** @throws UserError when {@code --chaos} or {@code --isolation} is malformed */
    Durability(String chaosSpec, String isolationName, boolean verbose) {
        try {
            this.chaos = chaosSpec == null ? null : Chaos.parse(chaosSpec);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        this.isolation = switch (isolationName) {
            case "in-process" -> LocalTwin.Isolation.IN_PROCESS;
            case "process" -> LocalTwin.Isolation.PROCESS;
            default -> throw new UserError("--isolation is '" + isolationName + "'; use in-process or process");
        };
        this.verbose = verbose;
    }

    LocalTwin.Isolation isolation() {
        return isolation;
    }

    /** Turns fault injection on in the twin's Lambda runner (when {@code --chaos} was given). */
    void apply(LocalTwin twin) {
        if (chaos != null) {
            twin.lambdas().chaos(chaos);
        }
        applied = twin;
    }

    /** The summary line saying how many invocations {@code --chaos} failed (none when it failed none). */
    void printChaos(PrintStream out) {
        if (applied == null) {
            return;
        }
        long[] counts = applied.lambdas().chaos().counts();
        if (counts[1] > 0) {
            out.printf("  chaos        %d of %d Lambda invocations failed by --chaos%n", counts[1], counts[0]);
        }
    }

    /** {@code --resume}: exit 0 when every resumed execution succeeded, 1 when one did not, 2 when none was running. */
    int resume(Path home, Path dataDir, double lambdaTimeoutScale, double waitTimeScale) throws Exception {
        Path dir = dataDir.toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("journal"))) {
            throw new UserError("--resume: there is no execution journal in " + dir.resolve("journal")
                    + "; give the --data-dir of the twin that was running the executions");
        }
        LocalTwin twin;
        try {
            twin = LocalTwin.start(new LocalTwin.Options(home, dir, lambdaTimeoutScale, isolation));
        } catch (LocalServicesException e) {
            throw new UserError(e.getMessage());
        }
        try (twin) {
            if (verbose) {
                twin.logFunctionsTo(System.err);
            }
            apply(twin);
            S3ObjectStore store = new S3ObjectStore(twin.services().s3Client());
            Engine engine = Engine.builder().taskInvoker(new TwinTaskInvoker(twin.lambdas(), twin.mapper()))
                    .itemReaderSource(store).resultWriterSink(store).waitTimeScale(waitTimeScale)
                    .arnParts(LocalTwin.REGION, LocalTwin.ACCOUNT).journal(twin.journalDir()).build();
            List<Execution> running = engine.resumeAll().stream()
                    .filter(e -> e.status() == ExecutionStatus.RUNNING).toList();
            if (running.isEmpty()) {
                throw new UserError("--resume: no execution was RUNNING in " + twin.journalDir() + "; nothing to resume");
            }
            int code = ExitCodes.OK;
            for (Execution e : running) {
                System.err.printf("etl: resuming %s on the local twin (data in %s)%n", e.name(), dir);
                long t0 = System.nanoTime();
                while (!e.await(Duration.ofSeconds(10))) {
                    System.err.printf("[%3ds] %s RUNNING%n", (System.nanoTime() - t0) / 1_000_000_000L, e.name());
                }
                DescribeExecutionResponse d = describe(e);
                Summary.print(d, System.err);
                printChaos(System.err);
                System.out.println(SdkJson.print(d));
                code = Math.max(code, e.status() == ExecutionStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.UNSUCCESSFUL);
            }
            return code;
        }
    }

    private static DescribeExecutionResponse describe(Execution e) {
        return DescribeExecutionResponse.builder().executionArn(e.executionArn()).stateMachineArn(e.stateMachineArn())
                .name(e.name()).status(e.status().name()).startDate(e.startDate()).stopDate(e.stopDate())
                .input(e.input()).output(e.output()).error(e.error()).cause(e.cause())
                .redriveCount(e.redriveCount()).redriveStatus(e.redriveStatus()).build();
    }
}
