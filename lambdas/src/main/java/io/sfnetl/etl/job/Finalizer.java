package io.sfnetl.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.errors.CountMismatch;
import io.sfnetl.etl.errors.EtlException;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.RejectThresholdExceeded;
import io.sfnetl.etl.job.internal.ChunkResults;
import io.sfnetl.etl.job.internal.RejectSummary;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.stage.Counts;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Objects;
import io.sfnetl.etl.storage.S3Uri;
import io.sfnetl.etl.storage.StagingKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Finalize: sums the chunk results, checks {@code read = loaded + rejected + duplicates} (else
 * {@link CountMismatch}) and the reject rate against the run's {@code maxRejectPercent} (else
 * {@link RejectThresholdExceeded}), writes the rejects manifest ({@code rejects/<run>/manifest.json}: the reject
 * keys the stages reported; other keys under the prefix are garbage of timed-out attempts), the per-chunk counts
 * ({@code manifests/<run>/chunk-counts.json}) and the job record, and returns the summary. On a failed check the job
 * record is written FAILED with the counts before the error is thrown. The job record also gets the rejects summarised
 * by reason ({@link RejectSummary}) and timings, and the run lease is released ({@link JobRecords#finished}); what
 * Prepare wrote in the record (lease, sources with version ids, reprocessing link) stays. Thread-safe.
 */
public final class Finalizer {
    private static final JsonLog LOG = JsonLog.get(Finalizer.class);
    /** Per-chunk counts are kept in the job record itself up to this many chunks (item size limit 400 KB). */
    static final int MAX_CHUNKS_IN_RECORD = 500;

    private final S3Client s3;
    private final EtlConfig config;
    private final JobStore jobs;
    private final JobRecords records;

    public Finalizer(S3Client s3, DynamoDbClient dynamo, EtlConfig config) {
        this.s3 = s3;
        this.config = config;
        this.jobs = new JobStore(dynamo, config.jobsTable());
        this.records = JobRecords.fromEnv(s3, dynamo, config.jobsTable());
    }

    public FinalizeOutput finalize(FinalizeInput in) {
        if (in == null || in.run() == null || in.run().isBlank()) {
            throw new InvalidInput("Finalize input lacks 'run'; pass Prepare's output 'run'");
        }
        Instant begun = Instant.now();
        RunRecord run = runRecord(in.run());
        String bucket = S3Uri.parse(run.spec()).bucket();
        Map<String, Counts> perChunk = new TreeMap<>();
        List<String> rejectKeys = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int[] unnamed = {0};
        ChunkResults.read(s3, in.results(), out -> {
            JsonNode c = out.has("counts") ? out.get("counts") : out.path("load").path("counts");
            if (c.isMissingNode() || !c.isObject()) {
                throw new InvalidInput("A chunk result has no 'counts': " + out.properties().stream()
                        .map(Map.Entry::getKey).toList() + "; the Map child must output Load's result");
            }
            String chunk = out.hasNonNull("chunk") ? out.get("chunk").asText() : "#" + unnamed[0]++;
            perChunk.merge(chunk, Json.MAPPER.convertValue(c, Counts.class), (a, b) -> b);
            out.path("rejected").forEach(k -> rejectKeys.add(k.asText()));
        }, entry -> failed.add(ChunkResults.chunkOf(entry)));

        Counts total = perChunk.values().stream().reduce(Counts.ZERO, Counts::plus);
        double maxReject = in.maxRejectPercent() != null ? in.maxRejectPercent() : run.config().maxRejectPercent();
        double rate = total.read() == 0 ? 0 : 100.0 * total.rejected() / total.read();
        String rejects = new S3Uri(bucket, StagingKeys.rejectsPrefix(run.run())).toString();
        if (!rejectKeys.isEmpty()) {
            S3Objects.putJson(s3, new S3Uri(bucket, StagingKeys.rejectsPrefix(run.run()) + "manifest.json"),
                    Map.of("run", run.run(), "bucket", bucket, "keys", rejectKeys));
        }
        S3Uri chunkCounts = new S3Uri(bucket, StagingKeys.manifest(run.run(), "chunk-counts.json"));
        S3Objects.putJson(s3, chunkCounts, perChunk);

        EtlException failure = check(run.run(), total, perChunk, rate, maxReject);
        Instant now = Instant.now();
        ObjectNode job = Json.MAPPER.createObjectNode();
        job.put("run", run.run());
        job.put("dataset", run.dataset());
        job.put("status", failure == null ? "SUCCEEDED" : "FAILED");
        if (failure != null) {
            job.put("error", failure.getClass().getName());
            job.put("cause", failure.getMessage());
        }
        job.set("counts", Json.MAPPER.valueToTree(total));
        job.put("chunks", perChunk.size());
        if (perChunk.size() <= MAX_CHUNKS_IN_RECORD) {
            job.set("chunkCounts", Json.MAPPER.valueToTree(perChunk));
        }
        job.put("chunkCountsLocation", chunkCounts.toString());
        job.set("failedChunks", Json.MAPPER.valueToTree(failed));
        job.put("startedAt", run.startedAt());
        job.put("finishedAt", now.toString());
        if (run.startedAt() != null) {
            job.put("durationMillis", Duration.between(Instant.parse(run.startedAt()), now).toMillis());
        }
        job.put("source", run.source());
        job.set("sourceEtags", Preparer.etags(run.sources()));
        job.put("spec", run.specUri());
        job.put("specSha256", run.specSha256());
        job.put("table", run.table());
        job.put("rejects", rejects);
        job.put("rejectFiles", rejectKeys.size());
        job.put("rejectPercent", rate);
        job.put("maxRejectPercent", maxReject);
        if (run.scheduledTime() != null) {
            job.put("scheduledTime", run.scheduledTime());
        }
        if (!rejectKeys.isEmpty()) {
            ObjectNode reasons = RejectSummary.summarize(s3, bucket, rejectKeys);
            job.set("rejectReasons", reasons);
            if (failure == null && reasons.has("missing")) {
                failure = new CountMismatch("Run " + run.run() + ": the chunks listed reject files that do not exist "
                        + "in s3://" + bucket + "/ " + reasons.get("missing") + "; their rejected rows cannot be "
                        + "accounted for. Redrive the execution to re-run the chunks");
                job.put("status", "FAILED");
                job.put("error", failure.getClass().getName());
                job.put("cause", failure.getMessage());
            }
        }
        records.finished(run.run(), now, begun).forEach(job::set);
        jobs.merge(job);
        LOG.info(failure == null ? "run finalized" : "run failed its checks", Map.of("run", run.run(),
                "dataset", run.dataset(), "counts", total, "chunks", perChunk.size(), "failedChunks", failed.size(),
                "rejectPercent", rate));
        if (failure != null) {
            throw failure;
        }
        return new FinalizeOutput(run.run(), run.dataset(), "SUCCEEDED", total, perChunk.size(),
                failed.isEmpty() ? null : failed, rate, maxReject, rejects, rejectKeys.size(), run.table(),
                jobs.table());
    }

    private static EtlException check(String run, Counts total, Map<String, Counts> perChunk, double rate,
                                      double maxReject) {
        List<String> off = new ArrayList<>();
        perChunk.forEach((chunk, c) -> {
            if (c.read() != c.loaded() + c.rejected() + c.duplicates()) {
                off.add(chunk + " (read " + c.read() + ", loaded " + c.loaded() + ", rejected " + c.rejected()
                        + ", duplicates " + c.duplicates() + ")");
            }
        });
        if (!off.isEmpty() || total.read() != total.loaded() + total.rejected() + total.duplicates()) {
            return new CountMismatch("Run " + run + ": rows read (" + total.read() + ") != loaded (" + total.loaded()
                    + ") + rejected (" + total.rejected() + ") + duplicates (" + total.duplicates() + "); chunks off: "
                    + (off.size() > 20 ? off.subList(0, 20) + " and " + (off.size() - 20) + " more" : off)
                    + ". Rows were lost or counted twice: redrive the execution to re-run the failed chunks, or re-run"
                    + " those chunks (etl rerun-chunks " + run + ").");
        }
        if (rate > maxReject) {
            return new RejectThresholdExceeded(String.format(java.util.Locale.ROOT,
                    "Run %s rejected %d of %d rows (%.2f%%), above maxRejectPercent %.2f%%. See the rejects under "
                            + "rejects/%s/ (each with its reasons), fix the data or the spec and reprocess "
                            + "(etl reprocess %s), or raise maxRejectPercent in the execution input.",
                    run, total.rejected(), total.read(), rate, maxReject, run, run));
        }
        return null;
    }

    private RunRecord runRecord(String run) {
        String bucket = config.dataBucket();
        if (bucket == null) {
            throw new IllegalStateException("ETL_DATA_BUCKET is not set; Finalize needs it to find manifests/" + run
                    + "/run.json");
        }
        S3Uri uri = new S3Uri(bucket, StagingKeys.manifest(run, "run.json"));
        try {
            return Json.MAPPER.treeToValue(S3Objects.readJson(s3, uri), RunRecord.class);
        } catch (NoSuchKeyException e) {
            throw new InvalidInput("Finalize: no run record at " + uri + "; was run '" + run + "' prepared? Pass "
                    + "Prepare's output 'run'", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Run record " + uri + " is unreadable: " + e.getMessage(), e);
        }
    }
}
