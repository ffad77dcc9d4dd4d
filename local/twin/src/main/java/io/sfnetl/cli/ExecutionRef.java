package io.sfnetl.cli;

import java.util.function.BiFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sfn.SfnClient;

/** One execution named on the command line (ARN or name) and where it lives: the mixin of describe/history/stop/redrive. */
final class ExecutionRef {
    @Parameters(paramLabel = "ID", description = "The execution's ARN, or its name under the ETL state machine "
            + "(or --state-machine-arn).")
    String id;

    @Mixin
    Target target;

    /** Connects, resolves the execution's ARN and applies {@code call} to the client and ARN. */
    <T> T apply(BiFunction<SfnClient, String, T> call) throws Exception {
        try (Target.Connection c = target.connect(Home.dir())) {
            return call.apply(c.sfn(), c.executionArn(id));
        }
    }
}
