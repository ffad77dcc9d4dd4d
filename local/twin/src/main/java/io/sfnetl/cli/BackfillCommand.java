package io.sfnetl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.cli.ExitCodes.UserError;
import io.sfnetl.local.schedule.Backfill;
import io.sfnetl.local.schedule.ScheduleJson;
import io.sfnetl.local.schedule.ScheduleSettings;
import io.sfnetl.local.schedule.SfnExecutionStarter;
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
    Target target;

    @Option(names = "--data-bucket", description = "What ${DataBucket} in the input template becomes (default: the "
            + "twin's bucket; required with --aws: the stack's data bucket).")
    String dataBucket;

    @Option(names = "--from", required = true, description = "First date (yyyy-mm-dd, in the schedule's time zone).")
    String from;

    @Option(names = "--to", required = true, description = "Last date, included (yyyy-mm-dd).")
    String to;

    @Option(names = "--concurrency", defaultValue = "1", description = "Executions running at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--dry-run", description = "Print what would be started or skipped; start nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path home = Home.dir();
        ScheduleSettings s = ScheduleSettings.load(home);
        Instant fromTime = date(from, "--from").atStartOfDay(s.timeZone()).toInstant();
        Instant toTime = date(to, "--to").plusDays(1).atStartOfDay(s.timeZone()).toInstant();
        Instant start = ScheduleJson.start(ScheduleCommand.stateFile(home, target.stateDir(home), s), fromTime);
        Backfill.Summary summary;
        try (Target.Connection c = target.connect(home)) {
            Backfill.Options options = new Backfill.Options(s, dataBucket(c, dataBucket), fromTime, toTime, start,
                    concurrency, dryRun, Duration.ofSeconds(1));
            summary = Backfill.run(options, new SfnExecutionStarter(c.sfn(), c.stateMachineArn()), System.err::println);
        }
        System.err.println(summary.line());
        ObjectNode out = ScheduleCommand.JSON.createObjectNode();
        out.put("planned", summary.planned()).put("skipped", summary.skipped()).put("started", summary.started())
                .put("succeeded", summary.succeeded()).put("unsuccessful", summary.unsuccessful());
        out.put("dryRun", dryRun);
        ArrayNode items = out.putArray("runs");
        for (Backfill.Item i : summary.items()) {
            ObjectNode o = ScheduleJson.run(i.run());
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

    /** {@code --data-bucket}, else the twin's bucket; AWS needs it given. */
    static String dataBucket(Target.Connection c, String given) {
        if (given != null) {
            return given;
        }
        if (c.isAws()) {
            throw new UserError("--data-bucket is required with --aws: the name of the stack's data bucket "
                    + "(what ${DataBucket} in the schedule's input template becomes)");
        }
        return c.twin().dataBucket();
    }

    private static LocalDate date(String text, String option) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new UserError(option + " '" + text + "' is not a date; use yyyy-mm-dd, e.g. 2026-11-01");
        }
    }
}
