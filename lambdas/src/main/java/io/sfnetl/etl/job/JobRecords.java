package io.sfnetl.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.S3Uri;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The run-keeping side of Prepare, Finalize and MarkJobFailed, kept apart from the planning and counting: the run
 * lease ({@link RunLease}), the sources with their ETags and version ids, timings, and the link between a
 * reprocessing run and the run whose rejects it reprocesses. Job record attributes it writes:
 *
 * <ul>
 *   <li>{@code lease}: the lease item's key; {@code leaseReleased}: when Finalize/MarkJobFailed released it;</li>
 *   <li>{@code sources}: {@code [{object, etag, versionId?, size}]} (the first {@value #MAX_SOURCES_IN_RECORD}; all
 *       are in {@code sourcesLocation}), {@code preparedAt}, {@code timings}
 *       {@code {prepareMillis, mapMillis, finalizeMillis, totalMillis}};</li>
 *   <li>{@code reprocessOf} (on the new run) and {@code reprocessedBy} (a string set on the original run).</li>
 * </ul>
 * Thread-safe.
 */
public final class JobRecords {
    /** Sources listed in the record itself (an item is at most 400 KB). */
    public static final int MAX_SOURCES_IN_RECORD = 200;
    /** Objects whose version id is looked up (one HEAD each). */
    static final int MAX_VERSION_LOOKUPS = 1000;
    private static final JsonLog LOG = JsonLog.get(JobRecords.class);

    private final S3Client s3;
    private final JobStore jobs;
    private final RunLease lease;

    public JobRecords(S3Client s3, DynamoDbClient dynamo, String jobsTable, RunLease lease) {
        this.s3 = s3;
        this.jobs = new JobStore(dynamo, jobsTable);
        this.lease = lease;
    }

    /** With the lease length from the environment ({@code ETL_LEASE_SECONDS}). */
    public static JobRecords fromEnv(S3Client s3, DynamoDbClient dynamo, String jobsTable) {
        return new JobRecords(s3, dynamo, jobsTable, RunLease.fromEnv(dynamo, jobsTable));
    }

    /**
     * Prepare's first step: takes the (dataset, source) lease for {@code run} and marks the run RUNNING with it, so
     * that MarkJobFailed can release it even when Prepare fails later.
     *
     * @throws io.sfnetl.etl.errors.RunInProgress when another run holds the lease
     */
    public void start(String dataset, String source, String run) {
        RunLease.Lease held = lease.acquire(dataset, source, run);
        Map<String, JsonNode> set = new LinkedHashMap<>();
        set.put("dataset", TextNode.valueOf(dataset));
        set.put("status", TextNode.valueOf("RUNNING"));
        set.put("lease", TextNode.valueOf(held.key()));
        jobs.update(run, set);
    }

    /**
     * Adds to Prepare's job record what this class keeps: lease, sources (with version ids), preparedAt, and the
     * reprocessing link ({@code reprocessOf} from the execution input, also added to the original run's
     * {@code reprocessedBy}).
     */
    public void prepared(ObjectNode job, List<SourceObject> sources, String sourcesLocation, JsonNode rawInput) {
        String run = job.path("run").asText();
        job.put("lease", RunLease.key(job.path("dataset").asText(), job.path("source").asText()));
        job.put("preparedAt", Instant.now().toString());
        job.set("sources", describe(sources));
        job.put("sourcesLocation", sourcesLocation);
        String original = reprocessOf(rawInput);
        if (original != null) {
            job.put("reprocessOf", original);
            job.put("sourceFormat", RejectsSource.FORMAT);
            if (!jobs.addToSet(original, "reprocessedBy", run)) {
                LOG.warn("reprocessed run has no job record", Map.of("run", run, "reprocessOf", original));
            }
        }
    }

    /**
     * The run whose rejects this run reprocesses: the input's {@code reprocessOf}, else the run named by the source
     * key ({@code rejects/<run>/}, {@code reprocess/<run>/}), or null.
     */
    static String reprocessOf(JsonNode rawInput) {
        if (rawInput == null || !RejectsSource.isRejects(rawInput)) {
            return null;
        }
        if (rawInput.hasNonNull("reprocessOf")) {
            return rawInput.get("reprocessOf").asText();
        }
        return RejectsSource.runOf(rawInput.path("source").asText());
    }

    /** {@code [{object, etag, versionId?, size}]}, the first {@link #MAX_SOURCES_IN_RECORD}. */
    ArrayNode describe(List<SourceObject> sources) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < sources.size() && i < MAX_SOURCES_IN_RECORD; i++) {
            SourceObject o = sources.get(i);
            ObjectNode n = out.addObject();
            n.put("object", o.object());
            n.put("etag", o.etag());
            String version = i < MAX_VERSION_LOOKUPS ? versionId(o) : null;
            if (version != null) {
                n.put("versionId", version);
            }
            n.put("size", o.size());
        }
        return out;
    }

    /** The version id of the object as listed (same ETag), or null when the store keeps no versions. */
    private String versionId(SourceObject o) {
        try {
            S3Uri uri = S3Uri.parse(o.object());
            HeadObjectResponse head = s3.headObject(r -> r.bucket(uri.bucket()).key(uri.key()));
            String v = head.versionId();
            return v == null || "null".equals(v) || !head.eTag().equals(o.etag()) ? null : v;
        } catch (S3Exception e) {
            return null;
        }
    }

    /**
     * Finalize's and MarkJobFailed's last step: releases the run's lease (if it still holds it) and adds timings.
     *
     * @param finishedAt when the run finished
     * @param finalizeStartedAt when Finalize started, or null (MarkJobFailed)
     */
    public Map<String, JsonNode> finished(String run, Instant finishedAt, Instant finalizeStartedAt) {
        Map<String, AttributeValue> item = jobs.get(run);
        Map<String, JsonNode> set = new LinkedHashMap<>();
        if (item == null || item.isEmpty()) {
            return set;
        }
        AttributeValue key = item.get("lease");
        if (key != null && key.s() != null && lease.release(key.s(), run)) {
            set.put("leaseReleased", TextNode.valueOf(finishedAt.toString()));
        }
        ObjectNode timings = Json.MAPPER.createObjectNode();
        Instant started = instant(item.get("startedAt"));
        Instant prepared = instant(item.get("preparedAt"));
        if (started != null && prepared != null) {
            timings.put("prepareMillis", Duration.between(started, prepared).toMillis());
        }
        if (prepared != null && finalizeStartedAt != null) {
            timings.put("mapMillis", Duration.between(prepared, finalizeStartedAt).toMillis());
        }
        if (finalizeStartedAt != null) {
            timings.put("finalizeMillis", Duration.between(finalizeStartedAt, finishedAt).toMillis());
        }
        if (started != null) {
            timings.put("totalMillis", Duration.between(started, finishedAt).toMillis());
        }
        // per stage: time spent in its successful invocations over all chunks (added by each invocation)
        for (String stage : new String[] {"validate", "transform", "load"}) {
            AttributeValue millis = item.get(stage + "Millis");
            AttributeValue calls = item.get(stage + "Invocations");
            if (millis != null && millis.n() != null) {
                timings.put(stage + "Millis", Long.parseLong(millis.n()));
                timings.put(stage + "Invocations", calls == null || calls.n() == null ? 0 : Long.parseLong(calls.n()));
            }
        }
        set.put("timings", timings);
        return set;
    }

    /** Writes {@link #finished}'s attributes on the run's record (MarkJobFailed). */
    public void markFinished(String run, Instant finishedAt) {
        Map<String, JsonNode> set = finished(run, finishedAt, null);
        if (!set.isEmpty()) {
            jobs.update(run, set);
        }
    }

    private static Instant instant(AttributeValue v) {
        try {
            return v == null || v.s() == null ? null : Instant.parse(v.s());
        } catch (RuntimeException e) {
            LOG.warn("unreadable time in a job record", Map.of("value", String.valueOf(v.s())));
            return null;
        }
    }
}
