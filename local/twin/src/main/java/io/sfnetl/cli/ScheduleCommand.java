package io.sfnetl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.local.schedule.LocalScheduler;
import io.sfnetl.local.schedule.ScheduleJson;
import io.sfnetl.local.schedule.ScheduleSettings;
import io.sfnetl.local.schedule.internal.ScheduleState;
import io.sfnetl.local.twin.LocalTwin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code etl schedule}: the nightly schedule of {@code config/pipeline.json} (the same one the CDK stack deploys to
 * EventBridge Scheduler). {@code etl schedule --next N} (or {@code schedule next --count N}) lists fire times;
 * {@code show} prints the schedule; {@code run} fires it on the twin; {@code backfill} runs a range.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"The nightly schedule from config/pipeline.json, on the twin as in AWS.",
                "Without a subcommand: the schedule and its next fire times (--next N)."},
        subcommands = {ScheduleCommand.Show.class, ScheduleCommand.Next.class, ScheduleRunCommand.class,
                BackfillCommand.class})
public final class ScheduleCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--next", paramLabel = "N", description = "Print the next N fire times (local and UTC) with the "
            + "input each would receive.")
    Integer next;

    @Option(names = "--data-dir", description = "The twin's data directory (default: .etl/ in the repository).")
    Path dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path home = Home.dir();
        ScheduleSettings s = ScheduleSettings.load(home);
        PrintWriter out = spec.commandLine().getOut();
        if (next != null) {
            out.println(pretty(upcoming(s, home, dataDir, null, next)));
        } else {
            out.println(pretty(describe(s, home, dataDir)));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static Path stateFile(Path home, Path dataDir, ScheduleSettings s) {
        return LocalScheduler.stateFile(home, dataDir, s);
    }

    static ArrayNode upcoming(ScheduleSettings s, Path home, Path dataDir, Instant from, int count) {
        if (count < 1 || count > 10_000) {
            throw new ExitCodes.UserError("the count must be 1..10000, got " + count);
        }
        return ScheduleJson.upcoming(s, stateFile(home, dataDir, s), from != null ? from : Instant.now(), count,
                LocalTwin.DATA_BUCKET);
    }

    static ObjectNode describe(ScheduleSettings s, Path home, Path dataDir) {
        ObjectNode o = JSON.createObjectNode();
        o.put("expression", s.expression().text());
        o.put("timeZone", s.timeZone().getId());
        o.put("enabled", s.enabled());
        o.put("flexibleWindowMinutes", s.flexibleWindowMinutes());
        o.put("retryAttempts", s.retryAttempts());
        o.put("maximumEventAgeSeconds", s.maximumEventAgeSeconds());
        o.put("catchUp", s.catchUp().label());
        o.put("executionNamePrefix", s.executionNamePrefix());
        o.set("input", s.input());
        Path state = stateFile(home, dataDir, s);
        Optional<ScheduleState> st = ScheduleState.read(state);
        st.filter(x -> x.expression().equals(s.expression().text())).ifPresent(x -> {
            ObjectNode twin = o.putObject("twin");
            twin.put("stateFile", state.toString());
            twin.put("start", x.start().toString());
            twin.put("lastScheduledTime", x.lastScheduledTime().toString());
        });
        ArrayNode next = upcoming(s, home, dataDir, null, 1);
        if (!next.isEmpty()) {
            o.set("next", next.get(0));
        }
        return o;
    }

    static String pretty(Object json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the schedule (as config/pipeline.json defines it), the twin scheduler's state and the next fire.")
    static final class Show implements Callable<Integer> {
        @Option(names = "--data-dir", description = "The twin's data directory (default: .etl/ in the repository).")
        Path dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path home = Home.dir();
            spec.commandLine().getOut().println(pretty(describe(ScheduleSettings.load(home), home, dataDir)));
            return ExitCodes.OK;
        }
    }

    @Command(name = "next", mixinStandardHelpOptions = true,
            description = "Print the next fire times (local and UTC), each with its execution name and input.")
    static final class Next implements Callable<Integer> {
        @Option(names = {"--count", "-n"}, defaultValue = "5", description = "How many (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--after", description = "Start from this instant (ISO-8601, e.g. 2026-03-28T00:00:00Z) instead of now.")
        Instant after;

        @Option(names = "--data-dir", description = "The twin's data directory (default: .etl/ in the repository).")
        Path dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path home = Home.dir();
            spec.commandLine().getOut().println(pretty(upcoming(ScheduleSettings.load(home), home, dataDir, after, count)));
            return ExitCodes.OK;
        }
    }
}
