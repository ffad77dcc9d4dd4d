package io.sfnetl.local.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.job.RejectsSource;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.errors.EtlException;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.SpecParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The execution input that reprocesses a run's rejects ({@code etl reprocess RUN [--fixed FILE] [--spec FILE]}):
 * {@code {runId, dataset, source, sourceFormat: "rejects"}} (statemachine/input.schema.json). The spec is a corrected
 * spec of the same dataset ({@code --spec}, uploaded to {@code reprocess/<run>/<new run>.spec.json}), else the run's
 * frozen copy ({@code manifests/<run>/spec.json}) while it exists, else the spec the run was given; the source is the
 * run's rejects ({@code rejects/<run>/}) or the corrected file, uploaded to {@code reprocess/<run>/<new run>.jsonl}:
 * either key names the run reprocessed, which Prepare links to the new run.
 */
public final class Reprocessing {
    private final S3Client s3;
    private final String bucket;
    private final JobRecordsReader records;

    public Reprocessing(S3Client s3, String bucket, JobRecordsReader records) {
        this.s3 = s3;
        this.bucket = bucket;
        this.records = records;
    }

    /**
     * @param run the run whose rejects to reprocess
     * @param newRun the new run's id (also the execution name)
     * @param fixed a corrected file in the reject format, or null for the run's rejects as they are
     * @param spec a corrected spec of the run's dataset, or null for the run's own
     * @throws IllegalArgumentException with what to fix: unknown run, still running, no rejects, missing file, a spec
     *     of another dataset
     */
    public ObjectNode input(String run, String newRun, Path fixed, Path spec) {
        ObjectNode job = records.get(run).orElseThrow(() -> new IllegalArgumentException("No job record for run '"
                + run + "'; list runs with: etl jobs"));
        if ("RUNNING".equals(job.path("status").asText())) {
            throw new IllegalArgumentException("Run '" + run + "' is still RUNNING; reprocess its rejects once it has "
                    + "finished (etl job " + run + ")");
        }
        String source;
        if (fixed != null) {
            if (!Files.isRegularFile(fixed)) {
                throw new IllegalArgumentException("--fixed " + fixed + " does not exist; give a JSON Lines file in "
                        + "the reject format ({\"object\",\"offset\",\"line\",\"raw\",\"reasons\",\"stage\"})");
            }
            String key = "reprocess/" + run + "/" + newRun + ".jsonl";
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(fixed));
            source = "s3://" + bucket + "/" + key;
        } else {
            if (job.path("rejectFiles").asLong(0) == 0 && job.path("counts").path("rejected").asLong(0) == 0) {
                throw new IllegalArgumentException("Run '" + run + "' has no rejects to reprocess (status "
                        + job.path("status").asText() + ", rejected " + job.path("counts").path("rejected").asText("?")
                        + ")");
            }
            source = "s3://" + bucket + "/rejects/" + run + "/";
        }
        ObjectNode in = Json.MAPPER.createObjectNode();
        in.put("runId", newRun);
        in.put("dataset", spec != null ? upload(run, newRun, spec, job) : specOf(run, job));
        in.put("source", source);
        in.put("sourceFormat", RejectsSource.FORMAT);
        return in;
    }

    /** Checks that {@code spec} is a valid spec of the run's dataset and uploads it; returns its URI. */
    private String upload(String run, String newRun, Path spec, ObjectNode job) {
        if (!Files.isRegularFile(spec)) {
            throw new IllegalArgumentException("--spec " + spec + " does not exist; give the corrected dataset spec "
                    + "(JSON) of run '" + run + "'");
        }
        DatasetSpec parsed;
        try (InputStream in = Files.newInputStream(spec)) {
            parsed = SpecParser.parse(in, spec.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("--spec " + spec + " cannot be read: " + e.getMessage(), e);
        } catch (EtlException e) {
            throw new IllegalArgumentException("--spec " + spec + ": " + e.getMessage(), e);
        }
        String dataset = job.path("dataset").asText();
        if (!dataset.isEmpty() && !dataset.equals(parsed.dataset())) {
            throw new IllegalArgumentException("--spec " + spec + " is a spec of dataset '" + parsed.dataset()
                    + "', but run '" + run + "' loaded dataset '" + dataset + "'; reprocess with a spec of '" + dataset
                    + "'");
        }
        String key = "reprocess/" + run + "/" + newRun + ".spec.json";
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(spec));
        return "s3://" + bucket + "/" + key;
    }

    private String specOf(String run, ObjectNode job) {
        String frozen = "manifests/" + run + "/spec.json";
        try {
            s3.headObject(r -> r.bucket(bucket).key(frozen));
            return "s3://" + bucket + "/" + frozen;
        } catch (NoSuchKeyException e) {
            // collected by etl gc or expired: the spec the run was given
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        if (!job.hasNonNull("spec")) {
            throw new IllegalArgumentException("Run '" + run + "' has neither its frozen spec (" + frozen + ") nor a "
                    + "'spec' in its job record; reprocess with etl start and sourceFormat \"rejects\" instead");
        }
        return job.get("spec").asText();
    }
}
