package io.sfnetl.cli;

import io.sfnetl.cli.ExitCodes.UserError;
import io.sfnetl.local.schedule.CatchUp;
import io.sfnetl.local.schedule.LocalScheduler;
import io.sfnetl.local.schedule.ScheduleSettings;
import io.sfnetl.local.schedule.SfnExecutionStarter;
import io.sfnetl.local.schedule.TimeBase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code etl schedule run}: the twin fires the schedule until stopped (Ctrl-C): StartExecution with the rendered input,
 * each execution named after its scheduled time, the catch-up policy applied at start to fires missed while down.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Fire the schedule on the twin until stopped (Ctrl-C).",
                "Each fire starts the ETL state machine once, named <prefix>-<yyyyMMddTHHmmZ> (UTC) after its scheduled "
                        + "time; the scheduler's state survives restarts (<data-dir>/schedule/)."})
final class ScheduleRunCommand implements Callable<Integer> {
    @Mixin
    Target target;

    @Option(names = "--data-bucket", description = "What ${DataBucket} in the input template becomes (default: the "
            + "twin's bucket).")
    String dataBucket;

    @Option(names = "--catch-up", description = "Missed fires at start: none (as AWS), latest or all "
            + "(default: catchUp in config/pipeline.json, else none).")
    String catchUp;

    @Option(names = "--time-scale", defaultValue = "1", description = "Run schedule time this many times faster "
            + "than real time, from now (e.g. 60: rate(1 minute) fires every second). Default: ${DEFAULT-VALUE}.")
    double timeScale;

    @Override
    public Integer call() throws Exception {
        if (target.aws) {
            throw new UserError("on AWS, EventBridge Scheduler fires the schedule the CDK stack deploys; "
                    + "use 'etl backfill --aws --from D --to D' to run missed fires there");
        }
        Path home = Home.dir();
        ScheduleSettings s = ScheduleSettings.load(home);
        if (!s.enabled()) {
            throw new UserError("the schedule is disabled (/schedule/enabled is false in config/pipeline.json); "
                    + "set it to true to fire it, or use 'etl backfill' for a range");
        }
        TimeBase time = timeScale == 1 ? TimeBase.real() : TimeBase.scaled(Instant.now(), timeScale);
        CatchUp policy = catchUp != null ? CatchUp.of(catchUp) : s.catchUp();
        CountDownLatch stopped = new CountDownLatch(1);
        try (Target.Connection c = target.connect(home);
             LocalScheduler scheduler = new LocalScheduler(new LocalScheduler.Options(s,
                     BackfillCommand.dataBucket(c, dataBucket), ScheduleCommand.stateFile(home, target.stateDir(home), s),
                     time, policy, System.err::println), new SfnExecutionStarter(c.sfn(), c.stateMachineArn()))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                scheduler.close();
                stopped.countDown();
            }));
            System.err.println("schedule: " + s.expression().text() + " in " + s.timeZone().getId()
                    + (timeScale == 1 ? "" : " (time x" + timeScale + ")") + "; Ctrl-C stops");
            scheduler.start();
            scheduler.nextInvocation().ifPresent(t -> System.err.println("schedule: next fire " + t));
            stopped.await();
        }
        return ExitCodes.OK;
    }
}
