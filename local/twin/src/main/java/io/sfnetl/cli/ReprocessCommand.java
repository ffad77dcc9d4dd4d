package io.sfnetl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.local.jobs.JobRecordsReader;
import io.sfnetl.local.jobs.Reprocessing;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code etl reprocess RUN [--fixed FILE] [--spec FILE]}: runs every reject of a run, whichever stage rejected it (or
 * a corrected file of them, in the reject format), through the run's spec or a corrected one as a new run
 * ({@code sourceFormat: "rejects"}); the two job records link to each other.
 */
@Command(name = "reprocess", mixinStandardHelpOptions = true,
        description = {"Reprocess every reject of a run (Validate's, Transform's and Load's) as a new run (execution "
                + "input sourceFormat \"rejects\"), with the run's spec or a corrected one (--spec). Validate's rejects "
                + "are run again from their record; Transform's and Load's from the source record they were made from, "
                + "so a fixed spec applies to all of them.",
                "--fixed gives a corrected file in the reject format (JSON Lines {object, offset, line, raw, reasons, "
                + "stage}): 'raw' is the corrected record (stage validate), typed row (transform) or item (load), and "
                + "re-enters at that stage.",
                "The new run's record says reprocessOf RUN; RUN's says reprocessedBy. See docs/operations.md."})
public final class ReprocessCommand implements Callable<Integer> {
    /** Starts the ETL state machine with an input; returns the exit code (the twin's, or AWS through SfnClient). */
    @FunctionalInterface
    public interface ExecutionStarter {
        int start(ObjectNode input, String name, JobsTarget target) throws Exception;
    }

    /**
     * {@code etl start} with the new input: through SfnClient to the running twin, a twin started for the command,
     * or AWS with {@code --aws} (region/profile passed on; the bucket is the stack's data bucket).
     */
    static ExecutionStarter starter = (input, name, target) -> {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("start", "--input", input.toString(),
                "--name", name));
        if (target.aws) {
            args.add("--aws");
            if (target.region != null) {
                args.addAll(java.util.List.of("--region", target.region));
            }
            if (target.profile != null) {
                args.addAll(java.util.List.of("--profile", target.profile));
            }
        } else {
            args.addAll(java.util.List.of("--data-dir", target.localDataDir().toString()));
        }
        return Etl.commandLine().execute(args.toArray(String[]::new));
    };

    @Mixin
    JobsTarget target;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run whose rejects to reprocess.")
    String run;

    @Option(names = "--fixed", paramLabel = "FILE", description = "A corrected file of the rejects, in the reject format.")
    Path fixed;

    @Option(names = "--spec", paramLabel = "FILE", description = "A corrected spec of the run's dataset (default: the "
            + "spec the run used).")
    Path spec;

    @Option(names = "--name", description = "The new run's id and execution name (default: <RUN>-reprocess-<UTC time>).")
    String name;

    /**
     * A reprocessing run reads nothing but rejects, so the original run's threshold (meant to stop a broken source)
     * would fail any partial fix: with 10 %, fixing 80 of 100 rejects would load the 80 and still fail the run. The
     * default lets the run succeed and record what is still rejected; an operator who wants "all or fail" sets it.
     */
    @Option(names = "--max-reject-percent", paramLabel = "PERCENT", defaultValue = "100",
            description = "Fail the new run when more than this share of the reprocessed rows is rejected again "
                    + "(default: ${DEFAULT-VALUE}: the run succeeds, loads what is fixed and records what is still "
                    + "rejected, with reasons, for another round).")
    double maxRejectPercent;

    @Override
    public Integer call() throws Exception {
        String newRun = name != null ? name : run + "-reprocess-" + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT));
        if (!(maxRejectPercent >= 0 && maxRejectPercent <= 100)) {
            throw new ExitCodes.UserError("--max-reject-percent must be between 0 and 100, got " + maxRejectPercent);
        }
        ObjectNode input;
        try (JobsTarget.Stores stores = target.open()) {
            try {
                input = new Reprocessing(stores.s3(), stores.bucket(),
                        new JobRecordsReader(stores.dynamo(), stores.jobsTable())).input(run, newRun, fixed, spec);
            } catch (IllegalArgumentException e) {
                throw new ExitCodes.UserError(e.getMessage());
            }
        }
        input.put("maxRejectPercent", maxRejectPercent);
        System.err.printf("etl reprocess: %s reprocesses the rejects of %s from %s%n", newRun, run,
                input.path("source").asText());
        return starter.start(input, newRun, target);
    }
}
