package io.sfnetl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code etl redrive ID}: RedriveExecution. */
@Command(name = "redrive", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Redrive a FAILED, TIMED_OUT or ABORTED execution from its unsuccessful step (a Distributed Map "
                + "re-runs only its failed chunks), as 'aws stepfunctions redrive-execution'.",
                "Targets the running local twin ('etl local up'); AWS with --aws. Follow it with 'etl describe'."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./etl redrive run-20261124T101500Z-1a2b", "  ./etl redrive nightly-1 --aws"})
public final class RedriveCommand implements Callable<Integer> {
    @Mixin
    ExecutionRef execution;

    @Override
    public Integer call() throws Exception {
        System.out.println(SdkJson.print(execution.apply((sfn, arn) -> sfn.redriveExecution(b -> b.executionArn(arn)
                .clientToken(java.util.UUID.randomUUID().toString())))));
        return ExitCodes.OK;
    }
}
