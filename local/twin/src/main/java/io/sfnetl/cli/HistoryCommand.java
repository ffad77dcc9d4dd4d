package io.sfnetl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code etl history ID}: GetExecutionHistory, every page. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print an execution's event history ({\"events\": [...]}), as "
                + "'aws stepfunctions get-execution-history' prints it (all pages).",
                "Targets the running local twin ('etl local up'); AWS with --aws."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./etl history run-20261124T101500Z-1a2b", "  ./etl history nightly-1 --reverse --max-items 10",
                "  ./etl history nightly-1 --no-data        (without inputs and outputs)",
                "  ./etl history nightly-1 --aws"})
public final class HistoryCommand implements Callable<Integer> {
    @Option(names = "--reverse", description = "Newest event first.")
    boolean reverse;

    @Option(names = "--max-items", description = "Print at most this many events.")
    Integer maxItems;

    @Option(names = "--no-data", description = "Leave out inputs and outputs (includeExecutionData=false).")
    boolean noData;

    @Mixin
    ExecutionRef execution;

    @Override
    public Integer call() throws Exception {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode events = out.putArray("events");
        execution.apply((sfn, arn) -> {
            var pages = sfn.getExecutionHistoryPaginator(b -> b.executionArn(arn).reverseOrder(reverse)
                    .includeExecutionData(!noData).maxResults(1000));
            for (var e : pages.events()) {
                if (maxItems != null && events.size() >= maxItems) {
                    break;
                }
                events.add(SdkJson.of(e));
            }
            return events;
        });
        System.out.println(SdkJson.printJson(out));
        return ExitCodes.OK;
    }
}
