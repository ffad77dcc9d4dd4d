package io.sfnetl.etl.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.errors.CountMismatch;
import io.sfnetl.etl.errors.RunInProgress;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.job.JobStore;
import io.sfnetl.etl.job.RunLease;
import io.sfnetl.etl.log.EmfDocuments;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.testsupport.EtlFixture;
import io.sfnetl.etl.testsupport.HandlerPipeline;
import io.sfnetl.etl.testsupport.OrdersCsv;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The job record of a whole run, the lease's life, and reprocessing a run's rejects. */
@ExtendWith(LocalServicesExtension.class)
class RunRecordIT {
    private static final OrdersCsv CSV = OrdersCsv.generate(600);

    private EtlFixture fx;
    private HandlerPipeline pipeline;
    private String spec;
    private String source;

    @BeforeEach
    void setUp(LocalServices services) {
        fx = EtlFixture.create(services);
        pipeline = new HandlerPipeline(fx);
        spec = fx.putSpec("orders.spec.json");
        source = fx.put("incoming/2026-11-23/orders.csv", CSV.bytes());
    }

    private Map<String, Object> input(String run, String from) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("runId", run);
        in.put("dataset", spec);
        in.put("source", from);
        in.put("chunkBytes", 10_000);
        in.put("maxRejectPercent", 100);
        return in;
    }

    private JsonNode job(String run) {
        return JobStore.toJson(fx.job(run));
    }

    @Test
    void run_withRejects_recordsSourcesReasonsTimingsAndReleasesTheLease() throws Exception {
        pipeline.run(input("night-1", source));

        JsonNode job = job("night-1");
        JsonNode src = job.path("sources").get(0);
        assertThat(src.path("object").asText()).isEqualTo(source);
        assertThat(src.path("etag").asText()).isEqualTo(fx.s3.headObject(r -> r.bucket(fx.bucket)
                .key("incoming/2026-11-23/orders.csv")).eTag());
        assertThat(src.path("size").asLong()).isEqualTo(CSV.bytes().length);
        assertThat(job.path("specSha256").asText()).hasSize(64);
        assertThat(job.path("chunkCounts").size()).isEqualTo(job.path("chunks").asInt()).isGreaterThan(1);
        assertThat(job.at("/counts/continuations").isNumber()).isTrue();
        assertThat(job.at("/timings/totalMillis").asLong()).isNotNegative();
        assertThat(job.at("/timings/prepareMillis").isNumber()).isTrue();
        assertThat(job.at("/timings/mapMillis").isNumber()).isTrue();
        for (String stage : new String[] {"validate", "transform", "load"}) {
            assertThat(job.at("/timings/" + stage + "Millis").isNumber()).as(stage + " timing in the job record").isTrue();
            assertThat(job.at("/timings/" + stage + "Invocations").asLong()).as(stage + " invocations")
                    .isGreaterThanOrEqualTo(job.path("chunks").asLong());
        }
        JsonNode reasons = job.path("rejectReasons");
        assertThat(reasons.path("read").asLong()).isEqualTo(CSV.rejected);
        long counted = 0;
        for (JsonNode r : reasons.path("reasons")) {
            counted += r.path("count").asLong();
            assertThat(r.at("/example/line").asLong()).isGreaterThan(1);
        }
        assertThat(counted).isEqualTo(CSV.rejected);
        assertThat(reasons.at("/reasons/0/reason").asText()).doesNotContain("abc");
        assertThat(job.path("leaseReleased").asText()).isNotBlank();
        assertThat(RunLease.fromEnv(fx.dynamo, fx.jobsTable).current(RunLease.key("orders", source))).isEmpty();
    }

    @Test
    void run_everyLambda_emitsEmfLinesWhoseRowsAddUp() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        JsonLog.setOutput(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            pipeline.run(input("metered", source));
        } finally {
            JsonLog.setOutput(System.out);
        }

        Map<String, Long> read = new LinkedHashMap<>();
        Map<String, Long> loaded = new LinkedHashMap<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode doc = Json.MAPPER.readTree(line);
            if (!doc.has("_aws")) {
                continue;
            }
            assertThat(EmfDocuments.violations(doc)).as(line).isEmpty();
            assertThat(doc.path("dataset").asText()).isEqualTo("orders");
            read.merge(doc.path("stage").asText(), doc.path("RowsRead").asLong(), Long::sum);
            loaded.merge(doc.path("stage").asText(), doc.path("RowsLoaded").asLong(), Long::sum);
        }
        assertThat(read.keySet()).containsExactly("prepare", "validate", "transform", "load", "finalize");
        assertThat(read.get("validate")).isEqualTo(CSV.rows);
        assertThat(read.get("finalize")).isEqualTo(CSV.rows);
        assertThat(loaded.get("load")).isEqualTo(loaded.get("finalize")).isPositive();
    }

    @Test
    void finalize_rejectFileListedButGone_failsCountMismatchAndReleasesTheLease() throws Exception {
        Map<String, Object> prepared = pipeline.prepare(input("gone", source));
        List<Map<String, Object>> results = pipeline.runAllChunks(prepared);
        @SuppressWarnings("unchecked")
        List<String> rejected = (List<String>) results.getFirst().get("rejected");
        fx.s3.deleteObject(r -> r.bucket(fx.bucket).key(rejected.getFirst()));
        Map<String, Object> mapOutput = pipeline.writeResults("gone", results);

        assertThatThrownBy(() -> new FinalizeHandler(fx.s3, fx.dynamo, fx.config).handleRequest(
                Map.of("run", "gone", "results", mapOutput), null))
                .isInstanceOf(CountMismatch.class)
                .hasMessageContaining("listed reject files that do not exist");
        assertThat(job("gone").path("status").asText()).isEqualTo("FAILED");
        assertThat(job("gone").at("/rejectReasons/missing/0").asText()).isEqualTo(rejected.getFirst());
        assertThat(job("gone").path("leaseReleased").asText()).isNotBlank();
    }

    @Test
    void markJobFailed_runHoldingTheLease_releasesItForTheNextRun() throws Exception {
        pipeline.prepare(input("stuck", source));
        assertThatThrownBy(() -> pipeline.prepare(input("next", source)))
                .isInstanceOf(RunInProgress.class)
                .hasMessageContaining("is being processed by run 'stuck'");

        Map<String, Object> event = Json.MAPPER.readValue("""
                {"detail-type":"Step Functions Execution Status Change","source":"aws.states",
                 "detail":{"name":"stuck","status":"ABORTED","input":"{\\"runId\\":\\"stuck\\"}"}}
                """, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        new MarkJobFailedHandler(fx.s3, fx.dynamo, fx.config).handleRequest(event, null);

        assertThat(job("stuck").path("leaseReleased").asText()).isNotBlank();
        assertThat(pipeline.prepare(input("next", source)).get("done")).isEqualTo(true);
    }

    @Test
    void reprocess_rejectsOfARun_areReadUnmaskedFromTheSourceAndRejectedForTheSameReasons() throws Exception {
        pipeline.run(input("night-3", source));
        Map<String, Object> in = input("night-3-again", "s3://" + fx.bucket + "/rejects/night-3/");
        in.put("sourceFormat", "rejects");

        Map<String, Object> summary = pipeline.run(in);

        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) summary.get("counts");
        assertThat(((Number) counts.get("read")).longValue()).isEqualTo(CSV.rejected);
        assertThat(((Number) counts.get("rejected")).longValue()).isEqualTo(CSV.rejected);
        assertThat(job("night-3-again").path("reprocessOf").asText()).isEqualTo("night-3");
        assertThat(job("night-3").path("reprocessedBy").toString()).contains("night-3-again");
        assertThat(job("night-3-again").at("/rejectReasons/reasons/0/reason").asText())
                .isEqualTo(job("night-3").at("/rejectReasons/reasons/0/reason").asText());
    }

    @Test
    void reprocess_fixedRejects_allLoadAndTheRecordsAreLinked() throws Exception {
        pipeline.run(input("night-2", source));
        String fixed = fx.put("fixes/night-2.jsonl", fixedRejects("night-2"));
        Map<String, Object> in = input("night-2-fixed", fixed);
        in.put("sourceFormat", "rejects");
        in.put("reprocessOf", "night-2");
        in.put("maxRejectPercent", 0);

        Map<String, Object> summary = pipeline.run(in);

        assertThat(summary.get("status")).isEqualTo("SUCCEEDED");
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) summary.get("counts");
        assertThat(((Number) counts.get("read")).longValue()).isEqualTo(CSV.rejected);
        assertThat(((Number) counts.get("rejected")).longValue()).isZero();
        assertThat(((Number) counts.get("loaded")).longValue()).isEqualTo(CSV.rejected);
        assertThat(fx.items()).hasSize((int) (CSV.loaded + CSV.rejected));
        assertThat(job("night-2-fixed").path("reprocessOf").asText()).isEqualTo("night-2");
        assertThat(job("night-2-fixed").path("sourceFormat").asText()).isEqualTo("rejects");
        assertThat(job("night-2").path("reprocessedBy").toString()).isEqualTo("[\"night-2-fixed\"]");
    }

    @Test
    void reprocess_noRejectsUnderThePrefix_failsSourceNotFound() {
        Map<String, Object> in = input("nothing", "s3://" + fx.bucket + "/rejects/never-ran/");
        in.put("sourceFormat", "rejects");

        assertThatThrownBy(() -> pipeline.prepare(in))
                .isInstanceOf(SourceNotFound.class)
                .hasMessageContaining("No rejects under s3://" + fx.bucket + "/rejects/never-ran/");
    }

    /** The run's rejects in the reject format, each row corrected as a user would (from the original line). */
    private String fixedRejects(String run) throws Exception {
        String[] lines = CSV.text.split("\n");
        StringBuilder out = new StringBuilder();
        List<String> keys = new ArrayList<>();
        fx.lines("rejects/" + run + "/manifest.json").getFirst().path("keys").forEach(k -> keys.add(k.asText()));
        for (String key : keys) {
            for (JsonNode reject : fx.lines(key)) {
                String original = lines[(int) reject.path("line").asLong() - 1];
                String id = original.substring(0, original.indexOf(','));
                String raw = original.contains("only two columns")
                        ? id + ", Customer " + id + " ,1.00,2024-01-01,true"
                        : original.replace(",abc,", ",1.00,");
                var n = Json.MAPPER.createObjectNode();
                n.put("object", reject.path("object").asText());
                n.put("offset", reject.path("offset").asLong());
                n.put("line", reject.path("line").asLong());
                n.put("raw", raw);
                n.set("reasons", reject.path("reasons"));
                n.put("stage", "validate");
                out.append(n).append('\n');
            }
        }
        return out.toString();
    }
}
