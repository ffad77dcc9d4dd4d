package io.sfnetl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.local.jobs.JobRecordsReader;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code etl jobs [--dataset D] [--json]} (alias {@code etl runs}): the job records, most recent first. */
@Command(name = "jobs", aliases = "runs", mixinStandardHelpOptions = true,
        description = {"List ETL runs from the jobs table (local twin, or the stack with --aws): status, counts, "
                + "timings, reprocessing links. Details of one run: etl job RUN."})
public final class JobsCommand implements Callable<Integer> {
    @Mixin
    JobsTarget target;

    @Option(names = "--dataset", description = "Only runs of this dataset.")
    String dataset;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the records as a JSON array (as stored, numbers exact).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<ObjectNode> jobs;
        try (JobsTarget.Stores stores = target.open()) {
            jobs = new JobRecordsReader(stores.dynamo(), stores.jobsTable()).list(dataset);
        }
        List<ObjectNode> shown = jobs.subList(0, Math.min(limit, jobs.size()));
        if (json) {
            System.out.println(JobView.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(shown));
        } else {
            print(shown, System.out);
            if (jobs.size() > shown.size()) {
                System.err.printf("(%d more; --limit %d)%n", jobs.size() - shown.size(), jobs.size());
            }
        }
        return ExitCodes.OK;
    }

    static void print(List<ObjectNode> jobs, PrintStream out) {
        String format = "%-32s %-10s %-10s %-20s %9s %9s %9s %9s  %s%n";
        out.printf(Locale.ROOT, format, "RUN", "DATASET", "STATUS", "STARTED", "DURATION", "READ", "LOADED",
                "REJECTED", "NOTE");
        for (JsonNode j : jobs) {
            JsonNode c = j.path("counts");
            String note = j.hasNonNull("reprocessOf") ? "reprocesses " + j.get("reprocessOf").asText()
                    : j.has("reprocessedBy") ? "reprocessed by " + JobView.joined(j.get("reprocessedBy"))
                    : j.hasNonNull("error") ? JobView.simpleName(j.get("error").asText()) : "";
            out.printf(Locale.ROOT, format, j.path("run").asText(), j.path("dataset").asText("-"),
                    j.path("status").asText("-"), JobView.shortTime(j.path("startedAt").asText(null)),
                    JobView.duration(j), num(c, "read"), num(c, "loaded"), num(c, "rejected"), note);
        }
    }

    private static String num(JsonNode counts, String field) {
        return counts.has(field) ? counts.get(field).asText() : "-";
    }
}
