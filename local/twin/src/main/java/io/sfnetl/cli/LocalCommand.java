package io.sfnetl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code etl local ...}: the local twin as a long-lived process. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "The local twin of the stack (Step Functions API, S3, DynamoDB, the functions).",
        subcommands = {LocalUpCommand.class})
public final class LocalCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
