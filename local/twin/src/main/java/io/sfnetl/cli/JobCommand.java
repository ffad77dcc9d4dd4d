package io.sfnetl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.local.jobs.JobRecordsReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code etl job RUN [--json]}: one run's record in full. */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = {"Show one ETL run's job record: sources with ETags and version ids, spec hash, counts, "
                + "timings, rejects by reason, reprocessing links."})
public final class JobCommand implements Callable<Integer> {
    @Mixin
    JobsTarget target;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id (the execution name unless the input set runId).")
    String run;

    @Option(names = "--json", description = "Print the record as JSON (as stored, numbers exact).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ObjectNode job;
        String where;
        try (JobsTarget.Stores stores = target.open()) {
            where = stores.where() + ", table " + stores.jobsTable();
            job = new JobRecordsReader(stores.dynamo(), stores.jobsTable()).get(run).orElse(null);
        }
        if (job == null) {
            throw new ExitCodes.UserError("No job record for run '" + run + "' in " + where
                    + "; list runs with: etl jobs");
        }
        if (json) {
            System.out.println(JobView.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(job));
        } else {
            JobView.print(job, System.out);
        }
        return ExitCodes.OK;
    }
}
