package io.sfnetl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.local.config.PipelineConfig;
import io.sfnetl.local.estimate.Estimator;
import io.sfnetl.local.estimate.Estimator.Estimate;
import io.sfnetl.local.estimate.Estimator.Pipeline;
import io.sfnetl.local.estimate.Estimator.Usage;
import io.sfnetl.local.estimate.Prices;
import io.sfnetl.local.estimate.Throughputs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code etl estimate --rows N [--row-bytes B]}: the cost and time of one run on AWS, from config/pipeline.json, the
 * definition, bench/throughputs.json and config/prices.json (model: {@link Estimator}; docs/deploy.md).
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Estimate one run on AWS: chunks, Lambda invocations, GB-seconds, state transitions, DynamoDB "
                + "write units, S3 requests, wall time at the configured concurrency, and the monthly cost of a nightly run.")
public final class EstimateCommand implements Callable<Integer> {

    /** Bytes per row of the orders sample ({@code etl generate}), the default of {@code --row-bytes}. */
    public static final long DEFAULT_ROW_BYTES = 84;

    @Option(names = "--rows", required = true, description = "Rows in the source.")
    long rows;

    @Option(names = "--row-bytes", defaultValue = "" + DEFAULT_ROW_BYTES,
            description = "Average bytes per source row, also taken as the DynamoDB item size (default: ${DEFAULT-VALUE}, the orders sample).")
    long rowBytes;

    @Option(names = "--throughputs", description = "Throughputs file (default: bench/throughputs.json).")
    Path throughputsFile;

    @Option(names = "--prices", description = "Prices file (default: config/prices.json).")
    Path pricesFile;

    @Override
    public Integer call() {
        Path home = Home.dir();
        PipelineConfig config = PipelineConfig.load(home.resolve("config/pipeline.json"));
        Pipeline pipeline = pipeline(config, readJson(home.resolve("statemachine/etl.asl.json")));
        Throughputs throughputs = Throughputs.load(throughputsFile != null ? throughputsFile : home.resolve("bench/throughputs.json"));
        Prices prices = Prices.load(pricesFile != null ? pricesFile : home.resolve("config/prices.json"));
        Estimate e = Estimator.estimate(rows, rowBytes, pipeline, throughputs, prices);
        print(e, pipeline, prices, System.out);
        return ExitCodes.OK;
    }

    /** The estimate's view of the pipeline: run defaults, the five functions, the definition's state counts. */
    static Pipeline pipeline(PipelineConfig config, JsonNode definition) {
        JsonNode d = config.runDefaults();
        Map<String, Estimator.Function> functions = new LinkedHashMap<>();
        for (String name : Estimator.FUNCTIONS) {
            PipelineConfig.Function f = config.function(name);
            functions.put(name, new Estimator.Function(f.memoryMb(), f.timeoutSeconds()));
        }
        int parent = definition.path("States").size();
        int child = 0;
        for (JsonNode state : definition.path("States")) {
            child += state.at("/ItemProcessor/States").size();
        }
        if (parent == 0 || child == 0) {
            throw new ExitCodes.UserError("statemachine/etl.asl.json has no States or no Map ItemProcessor States; "
                    + "the estimate counts the transitions of both");
        }
        return new Pipeline(d.path("chunkBytes").asLong(64L << 20), d.path("maxConcurrency").asInt(10),
                d.path("safetyMarginMillis").asLong(60_000), functions, parent, child);
    }

    static void print(Estimate e, Pipeline p, Prices prices, PrintStream out) {
        out.printf(Locale.ROOT, "source:              %,d rows x %,d bytes = %s%n", e.rows(), e.sourceBytes() / e.rows(),
                bytes(e.sourceBytes()));
        out.printf(Locale.ROOT, "chunks:              %,d of up to %s (maxConcurrency %d)%n", e.chunks(),
                bytes(p.chunkBytes()), p.maxConcurrency());
        out.printf(Locale.ROOT, "Lambda invocations:  %,d%n", e.invocations());
        e.usage().forEach((name, u) -> out.printf(Locale.ROOT, "  %-10s %,12d invocations %,14.1f GB-s%n", name,
                u.invocations(), u.gbSeconds()));
        out.printf(Locale.ROOT, "GB-seconds:          %,.1f%n", e.gbSeconds());
        out.printf(Locale.ROOT, "state transitions:   %,d%n", e.stateTransitions());
        out.printf(Locale.ROOT, "DynamoDB WRUs:       %,d%n", e.writeRequestUnits());
        out.printf(Locale.ROOT, "S3 requests:         %,d PUT/LIST, %,d GET%n", e.s3Puts(), e.s3Gets());
        out.printf(Locale.ROOT, "wall time:           %s%n", duration(e.wallSeconds()));
        out.printf(Locale.ROOT, "peak writes:         %,.0f WRU/s%s%n", e.peakWriteUnitsPerSecond(),
                e.peakWriteUnitsPerSecond() > Estimator.NEW_TABLE_WRITE_UNITS_PER_SECOND
                        ? " (a new on-demand table sustains " + Estimator.NEW_TABLE_WRITE_UNITS_PER_SECOND
                                + " at first: the first runs are throttled and slower; lower maxConcurrency or pre-warm the table)"
                        : "");
        out.printf(Locale.ROOT, "cost per run (%s, prices of %s, no free tier):%n", prices.region(), prices.asOf());
        out.printf(Locale.ROOT, "  Lambda          $%,10.4f%n", e.lambdaCost());
        out.printf(Locale.ROOT, "  Step Functions  $%,10.4f%n", e.stepFunctionsCost());
        out.printf(Locale.ROOT, "  DynamoDB        $%,10.4f%n", e.dynamoDbCost());
        out.printf(Locale.ROOT, "  S3 requests     $%,10.4f%n", e.s3Cost());
        out.printf(Locale.ROOT, "  total           $%,10.4f%n", e.costPerRun());
        out.printf(Locale.ROOT, "nightly, per month:  $%,.2f (%d runs; CloudWatch Logs, X-Ray, storage not included)%n",
                e.costPerMonth(), Estimator.RUNS_PER_MONTH);
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%,d B", b);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, s % 3600 / 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ExitCodes.UserError("cannot read " + file + " (" + e.getMessage()
                    + "); run ./etl from the sfn-etl repository");
        }
    }
}
