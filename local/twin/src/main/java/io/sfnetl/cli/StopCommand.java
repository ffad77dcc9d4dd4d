package io.sfnetl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code etl stop ID}: StopExecution. */
@Command(name = "stop", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stop a running execution (it ends ABORTED), as 'aws stepfunctions stop-execution'.",
                "Targets the running local twin ('etl local up'); AWS with --aws."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./etl stop run-20261124T101500Z-1a2b",
                "  ./etl stop nightly-1 --error Operator --cause 'wrong source file'"})
public final class StopCommand implements Callable<Integer> {
    @Option(names = "--error", description = "The error code recorded with the abort.")
    String error;

    @Option(names = "--cause", description = "A human-readable cause recorded with the abort.")
    String cause;

    @Mixin
    ExecutionRef execution;

    @Override
    public Integer call() throws Exception {
        System.out.println(SdkJson.print(execution.apply((sfn, arn) -> sfn.stopExecution(b -> b.executionArn(arn)
                .error(error).cause(cause)))));
        return ExitCodes.OK;
    }
}
