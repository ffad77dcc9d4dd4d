package io.sfnetl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.cli.ExitCodes.UserError;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.LocalServicesException;
import io.sfnetl.local.twin.LocalTwin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code etl rerun-chunks RUN}: a run that succeeded while tolerating failed chunks ({@code toleratedFailurePercentage})
 * lists them in its job record ({@code failedChunks}); this starts a new execution over just those chunks, with the
 * run's frozen spec, source and chunk size, so Prepare plans the same chunk ids and ranges ({@code onlyChunks}). Loading
 * is idempotent (item keys come from the spec), so re-running a chunk twice writes the same items. Refuses when a
 * source object changed since the run (its chunk ranges would no longer match).
 */
@Command(name = "rerun-chunks", mixinStandardHelpOptions = true,
        description = {"Re-run the failed chunks of a run (its job record's failedChunks) as a new execution.",
                "The new run is named <RUN>-rerun-<UTC time> and has its own job record."})
public final class RerunChunksCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id (its job record in the jobs table).")
    String run;

    @Option(names = "--data-dir", description = "Where the twin keeps S3 and DynamoDB data (default: .etl/ in the repository).")
    Path dataDir;

    @Option(names = "--name", description = "Execution name and run id of the re-run (default: <RUN>-rerun-<UTC time>).")
    String name;

    @Option(names = "--dry-run", description = "Print the execution input and exit without starting it.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        Path home = Home.dir();
        Path dir = dataDir != null ? dataDir.toAbsolutePath() : home.resolve(".etl");
        if (!Files.isDirectory(dir)) {
            throw new UserError("no twin data under " + dir + ": run the job with 'etl start' first, or pass --data-dir");
        }
        ObjectNode input;
        try (LocalServices services = LocalServices.start(new LocalServices.Options(dir, true))) {
            input = rerunInput(services, jobsTable(home));
        } catch (LocalServicesException e) {
            throw new UserError(e.getMessage());
        }
        if (input == null) {
            System.err.println("etl: run " + run + " has no failed chunks; nothing to re-run");
            return ExitCodes.OK;
        }
        String execution = name != null ? name : defaultName(run);
        System.err.println("etl: re-running chunks " + input.get("onlyChunks") + " of run " + run + " as " + execution);
        if (dryRun) {
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(input));
            return ExitCodes.OK;
        }
        return Etl.commandLine().execute("start", "--input", JSON.writeValueAsString(input), "--name", execution,
                "--data-dir", dir.toString());
    }

    private static String jobsTable(Path home) {
        return io.sfnetl.local.config.PipelineConfig.load(home.resolve("config/pipeline.json")).jobsTable();
    }

    /** The re-run's execution input, or null when the run has no failed chunks. */
    ObjectNode rerunInput(LocalServices services, String jobsTable) throws IOException {
        Map<String, AttributeValue> job = services.dynamoDbClient().getItem(b -> b.tableName(jobsTable)
                .key(Map.of("run", AttributeValue.fromS(run)))).item();
        if (job == null || job.isEmpty()) {
            throw new UserError("no job record for run '" + run + "' in table " + jobsTable + "; list runs with "
                    + "'etl jobs' (or check --data-dir)");
        }
        List<String> failed = new ArrayList<>();
        AttributeValue list = job.get("failedChunks");
        if (list != null && list.hasL()) {
            list.l().forEach(v -> failed.add(v.s()));
        }
        if (failed.isEmpty()) {
            return null;
        }
        JsonNode record;
        try {
            record = JSON.readTree(services.s3Client().getObjectAsBytes(b -> b.bucket(LocalTwin.DATA_BUCKET)
                    .key("manifests/" + run + "/run.json")).asByteArray());
        } catch (NoSuchKeyException e) {
            throw new UserError("run " + run + " has no run record at s3://" + LocalTwin.DATA_BUCKET + "/manifests/" + run
                    + "/run.json (kept for the redrive window); re-run the whole source with 'etl start'");
        }
        checkSourcesUnchanged(services, record);
        ObjectNode in = JSON.createObjectNode();
        in.put("dataset", record.path("spec").asText());
        in.put("source", record.path("source").asText());
        JsonNode config = record.path("config");
        in.put("chunkBytes", config.path("chunkBytes").asLong());
        in.put("maxConcurrency", config.path("maxConcurrency").asInt());
        in.put("maxRejectPercent", config.path("maxRejectPercent").asDouble());
        in.set("onlyChunks", JSON.valueToTree(failed));
        return in;
    }

    /** The plan is a function of the source objects and chunkBytes: an object added, removed or changed breaks it. */
    private void checkSourcesUnchanged(LocalServices services, JsonNode record) {
        Map<String, String> then = new TreeMap<>();
        record.path("sources").forEach(s -> then.put(s.path("object").asText(), s.path("etag").asText()));
        String source = record.path("source").asText();
        String key = source.substring(("s3://" + LocalTwin.DATA_BUCKET + "/").length());
        Map<String, String> now = new TreeMap<>();
        if (then.size() == 1 && then.containsKey(source)) {
            try {
                now.put(source, services.s3Client().headObject(b -> b.bucket(LocalTwin.DATA_BUCKET).key(key)).eTag());
            } catch (NoSuchKeyException e) {
                // gone: reported below
            }
        } else {
            String prefix = key.isEmpty() || key.endsWith("/") ? key : key + "/";
            for (S3Object o : services.s3Client().listObjectsV2Paginator(b -> b.bucket(LocalTwin.DATA_BUCKET)
                    .prefix(prefix)).contents()) {
                if (o.size() > 0 && !o.key().endsWith("/")) {
                    now.put("s3://" + LocalTwin.DATA_BUCKET + "/" + o.key(), o.eTag());
                }
            }
        }
        if (!now.equals(then)) {
            throw new UserError("the source of run " + run + " changed since it ran (then: " + then.keySet() + ", now: "
                    + now.keySet() + ", or ETags differ), so its chunk ids no longer name the same rows; re-run the "
                    + "whole source with 'etl start' instead");
        }
    }

    private static String defaultName(String run) {
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT));
        String base = run.length() > 56 ? run.substring(0, 56) : run;
        return base + "-rerun-" + time;
    }
}
