package io.sfnetl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code etl} command line. One class per subcommand; exit codes are mapped in {@link ExitCodes}. */
@Command(name = "etl", mixinStandardHelpOptions = true, version = "sfn-etl 0.1.0",
        description = "Run the sfn-etl pipeline and any Step Functions workflow locally.",
        subcommands = {StartCommand.class, RunCommand.class, ValidateCommand.class, GenerateCommand.class,
                LocalCommand.class,
                ExecutionsCommand.class, DescribeCommand.class, HistoryCommand.class, StopCommand.class, RedriveCommand.class,
                ConsoleCommand.class, GraphCommand.class,
                ScheduleCommand.class, BackfillCommand.class,
                JobsCommand.class, JobCommand.class, ReprocessCommand.class, GcCommand.class,
                EstimateCommand.class,
                RerunChunksCommand.class,
                CommandLine.HelpCommand.class})
public final class Etl implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, also print the stack trace.")
    boolean debug;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the project's exit-code mapping (see {@link ExitCodes}). */
    public static CommandLine commandLine() {
        return new CommandLine(new Etl()).setUsageHelpWidth(110)
                .setExecutionExceptionHandler(ExitCodes::handle)
                .setExitCodeExceptionMapper(ExitCodes::of);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
