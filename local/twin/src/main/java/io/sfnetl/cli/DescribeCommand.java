package io.sfnetl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code etl describe ID}: DescribeExecution. */
@Command(name = "describe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Describe one execution (status, input, output, error, cause, dates), as "
                + "'aws stepfunctions describe-execution' prints it.",
                "Targets the running local twin ('etl local up'); AWS with --aws."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./etl describe run-20261124T101500Z-1a2b        (an execution name of the ETL state machine)",
                "  ./etl describe arn:aws:states:us-east-1:000000000000:execution:sfn-etl:nightly-1",
                "  ./etl describe nightly-1 --aws --region eu-west-1"})
public final class DescribeCommand implements Callable<Integer> {
    @Mixin
    ExecutionRef execution;

    @Override
    public Integer call() throws Exception {
        System.out.println(SdkJson.print(execution.apply((sfn, arn) -> sfn.describeExecution(b -> b.executionArn(arn)))));
        return ExitCodes.OK;
    }
}
