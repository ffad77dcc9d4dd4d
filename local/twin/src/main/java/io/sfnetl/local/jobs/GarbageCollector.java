package io.sfnetl.local.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sfnetl.etl.job.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Housekeeping ({@code etl gc --older-than 14d}): deletes the staging parts, manifests and Map results
 * ({@code staging/<run>/}, {@code manifests/<run>/}, {@code results/<run>/}) of finished runs that ended before the
 * cutoff. Never touches a run that is RUNNING (or has no end time), nor a failed run still inside the
 * {@value #REDRIVE_WINDOW_DAYS}-day window in which Step Functions can redrive it, whatever the cutoff. Rejects stay
 * (reprocessing needs them; the bucket's lifecycle expires them). The job record gets {@code collectedAt}. On AWS
 * the stack's lifecycle rules do the same by age. Thread-safe.
 */
public final class GarbageCollector {
    /** Step Functions redrives an execution up to 14 days after it stopped. */
    public static final int REDRIVE_WINDOW_DAYS = 14;
    static final List<String> PREFIXES = List.of("staging/", "manifests/", "results/");
    private static final Set<String> FAILED = Set.of("FAILED", "TIMED_OUT", "ABORTED");

    private final S3Client s3;
    private final String bucket;
    private final JobRecordsReader records;
    private final JobStore jobs;

    /** What gc did (or would do) for one run. */
    public record Collected(String run, String status, String endedAt, long objects) {
    }

    /** A run gc left alone, and why. */
    public record Kept(String run, String status, String reason) {
    }

    public record Report(List<Collected> collected, List<Kept> kept) {
    }

    public GarbageCollector(S3Client s3, DynamoDbClient dynamo, String jobsTable, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
        this.records = new JobRecordsReader(dynamo, jobsTable);
        this.jobs = new JobStore(dynamo, jobsTable);
    }

    /**
     * @param olderThan runs that ended longer ago than this are collected
     * @param now the present
     * @param dryRun count what would be deleted, delete nothing
     */
    public Report collect(Duration olderThan, Instant now, boolean dryRun) {
        Instant cutoff = now.minus(olderThan);
        Instant redrivable = now.minus(Duration.ofDays(REDRIVE_WINDOW_DAYS));
        List<Collected> collected = new ArrayList<>();
        List<Kept> kept = new ArrayList<>();
        for (ObjectNode job : records.list(null)) {
            String run = job.path("run").asText();
            String status = job.path("status").asText("?");
            String ended = JobRecordsReader.endedAt(job);
            if ("RUNNING".equals(status) || ended == null) {
                kept.add(new Kept(run, status, "still running (no end time)"));
                continue;
            }
            if (job.hasNonNull("collectedAt")) {
                continue;
            }
            Instant end = Instant.parse(ended);
            if (!end.isBefore(cutoff)) {
                kept.add(new Kept(run, status, "ended " + ended + ", after the cutoff " + cutoff));
                continue;
            }
            if (FAILED.contains(status) && !end.isBefore(redrivable)) {
                kept.add(new Kept(run, status, "can still be redriven until " + end.plus(Duration.ofDays(
                        REDRIVE_WINDOW_DAYS))));
                continue;
            }
            long n = 0;
            for (String prefix : PREFIXES) {
                n += delete(prefix + run + "/", dryRun);
            }
            if (!dryRun) {
                jobs.update(run, Map.of("collectedAt", TextNode.valueOf(now.toString())));
            }
            collected.add(new Collected(run, status, ended, n));
        }
        return new Report(collected, kept);
    }

    private long delete(String prefix, boolean dryRun) {
        long n = 0;
        List<ObjectIdentifier> batch = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            n++;
            batch.add(ObjectIdentifier.builder().key(o.key()).build());
            if (batch.size() == 1000) {
                flush(batch, dryRun);
            }
        }
        flush(batch, dryRun);
        return n;
    }

    private void flush(List<ObjectIdentifier> batch, boolean dryRun) {
        if (!batch.isEmpty() && !dryRun) {
            List<ObjectIdentifier> keys = List.copyOf(batch);
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
        }
        batch.clear();
    }
}
