package io.sfnetl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/** {@code etl executions}: ListExecutions of the ETL state machine (or a map run), newest first. */
@Command(name = "executions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List executions of the ETL state machine (or of --state-machine-arn, or a map run's children), "
                + "newest first, as 'aws stepfunctions list-executions' prints them.",
                "Targets the running local twin ('etl local up'); AWS with --aws."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./etl executions", "  ./etl executions --status FAILED --max-results 5",
                "  ./etl executions --next-token <token from the previous page>",
                "  ./etl executions --map-run-arn <arn from 'etl describe'>   (the chunks of a run)",
                "  ./etl executions --aws --region eu-west-1"})
public final class ExecutionsCommand implements Callable<Integer> {
    @Option(names = "--status", description = "Only executions with this status: RUNNING, SUCCEEDED, FAILED, "
            + "TIMED_OUT, ABORTED, PENDING_REDRIVE.")
    String status;

    @Option(names = "--max-results", defaultValue = "100", description = "Page size, 1-1000 (default: ${DEFAULT-VALUE}); "
            + "a nextToken in the output fetches the next page.")
    int maxResults;

    @Option(names = "--next-token", description = "Continue from a previous page.")
    String nextToken;

    @Option(names = "--map-run-arn", description = "List the child executions of this map run instead.")
    String mapRunArn;

    @Mixin
    Target target;

    @Override
    public Integer call() throws Exception {
        try (Target.Connection c = target.connect(Home.dir())) {
            ListExecutionsResponse r = c.sfn().listExecutions(b -> {
                if (mapRunArn != null) {
                    b.mapRunArn(mapRunArn);
                } else {
                    b.stateMachineArn(c.stateMachineArn());
                }
                b.statusFilter(status == null ? null : status.toUpperCase(java.util.Locale.ROOT))
                        .maxResults(maxResults).nextToken(nextToken);
            });
            System.out.println(SdkJson.print(r));
            return ExitCodes.OK;
        }
    }
}
