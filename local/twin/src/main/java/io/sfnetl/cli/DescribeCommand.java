package io.sfnetl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

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
    @Parameters(paramLabel = "ID", description = "The execution's ARN, or its name under the ETL state machine "
            + "(or --state-machine-arn).")
    String id;

    @Mixin
    Target target;

    @Override
    public Integer call() throws Exception {
        try (Target.Connection c = target.connect(Home.dir())) {
            String arn = c.executionArn(id);
            System.out.println(SdkJson.print(c.sfn().describeExecution(b -> b.executionArn(arn))));
            return ExitCodes.OK;
        }
    }
}
