package io.sfnetl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.cli.ExitCodes.UserError;
import io.sfnetl.local.schedule.Backfill;
import io.sfnetl.local.schedule.ScheduleSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code etl backfill} (also {@code etl schedule backfill}): one execution per scheduled time in a range of dates (in
 * the schedule's time zone, both included), skipping times that already succeeded or are running. Works on the twin
 * and, with {@code --aws}, on AWS, which has no catch-up of its own.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Run the schedule's fires for a range of dates, one execution per scheduled time, with that "
                + "time's input; times that already succeeded (or are running) are skipped, so running it twice starts "
                + "nothing new.", "Prints a progress line per finished execution on stderr and the summary as JSON."})
final class BackfillCommand implements Callable<Integer> {
    @Mixin
    SfnTarget target;

    @Option(names = "--from", required = true, description = "First date (yyyy-mm-dd, in the schedule's time zone).")
    String from;

    @Option(names = "--to", required = true, description = "Last date, included (yyyy-mm-dd).")
    String to;

    @Option(names = "--concurrency", defaultValue = "1", description = "Executions running at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--dry-run", description = "Print what would be started or skipped; start nothing.")
    boolean dryRun;

    @Option(names = "--data-dir", description = "The twin's data directory, for a rate() schedule's start (default: .etl/).")
    Path dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Path home = Home.dir();
        ScheduleSettings s = ScheduleCommand.settings(home);
        Instant fromTime = date(from, "--from").atStartOfDay(s.timeZone()).toInstant();
        Instant toTime = date(to, "--to").plusDays(1).atStartOfDay(s.timeZone()).toInstant();
        Instant start = ScheduleCommand.start(ScheduleCommand.stateFile(home, dataDir, s), fromTime);
        Backfill.Options options = new Backfill.Options(s, target.dataBucket(), fromTime, toTime, start, concurrency,
                dryRun, Duration.ofSeconds(1));
        Backfill.Summary summary;
        try (SfnClient sfn = target.client()) {
            summary = Backfill.run(options, target.starter(sfn), System.err::println);
        }
        System.err.println(summary.line());
        ObjectNode out = ScheduleCommand.JSON.createObjectNode();
        out.put("planned", summary.planned()).put("skipped", summary.skipped()).put("started", summary.started())
                .put("succeeded", summary.succeeded()).put("unsuccessful", summary.unsuccessful());
        out.put("dryRun", dryRun);
        ArrayNode items = out.putArray("runs");
        for (Backfill.Item i : summary.items()) {
            ObjectNode o = ScheduleCommand.run(i.run());
            o.put("action", i.action().name().toLowerCase(java.util.Locale.ROOT));
            o.put("executionName", i.executionName());
            o.put("detail", i.detail());
            if (i.status() != null) {
                o.put("status", i.status());
            }
            items.add(o);
        }
        spec.commandLine().getOut().println(ScheduleCommand.pretty(out));
        return summary.unsuccessful() > 0 ? ExitCodes.UNSUCCESSFUL : ExitCodes.OK;
    }

    private static LocalDate date(String text, String option) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new UserError(option + " '" + text + "' is not a date; use yyyy-mm-dd, e.g. 2026-11-01");
        }
    }
}
