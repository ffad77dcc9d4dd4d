package io.sfnetl.etl.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.CountMismatch;
import io.sfnetl.etl.errors.RejectThresholdExceeded;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.testsupport.EtlFixture;
import io.sfnetl.etl.testsupport.FakeContext;
import io.sfnetl.etl.testsupport.HandlerPipeline;
import io.sfnetl.etl.testsupport.OrdersCsv;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The six handlers called as the state machine calls them (JSON maps in and out): Prepare, then per chunk of the
 * manifest Validate/Transform/Load with continuations, then Finalize with the Map's results, and MarkJobFailed.
 */
@ExtendWith(LocalServicesExtension.class)
class PipelineIT {
    private static final OrdersCsv CSV = OrdersCsv.generate(2_000);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private EtlFixture fx;
    private String spec;
    private String source;
    private HandlerPipeline pipeline;

    @BeforeEach
    void setUp(LocalServices services) {
        fx = EtlFixture.create(services);
        spec = fx.putSpec("orders.spec.json");
        source = fx.put("incoming/orders.csv", CSV.bytes());
        pipeline = new HandlerPipeline(fx);
    }

    private Map<String, Object> prepare(String run, Double maxRejectPercent) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("runId", run);
        in.put("dataset", spec);
        in.put("source", source);
        in.put("chunkBytes", 20_000);
        if (maxRejectPercent != null) {
            in.put("maxRejectPercent", maxRejectPercent);
        }
        return pipeline.prepare(in);
    }

    private List<Map<String, Object>> runAllChunks(Map<String, Object> prepared) {
        return pipeline.runAllChunks(prepared);
    }

    private Map<String, Object> writeResults(String run, List<Map<String, Object>> results) throws Exception {
        return pipeline.writeResults(run, results);
    }

    @Test
    void handlers_wholeRunWithResultWriterManifest_succeedsAndRecordsJob() throws Exception {
        Map<String, Object> prepared = prepare("e2e", 40.0);
        assertThat(prepared.get("done")).isEqualTo(true);
        List<Map<String, Object>> results = runAllChunks(prepared);
        assertThat(results).hasSize((Integer) prepared.get("chunks"));

        Map<String, Object> summary = new FinalizeHandler(fx.s3, fx.dynamo, fx.config)
                .handleRequest(Map.of("run", "e2e", "results", writeResults("e2e", results)), FakeContext.unlimited());

        assertThat(summary.get("status")).isEqualTo("SUCCEEDED");
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) summary.get("counts");
        assertThat(((Number) counts.get("read")).longValue()).isEqualTo(CSV.rows);
        assertThat(((Number) counts.get("rejected")).longValue()).isEqualTo(CSV.rejected);
        long loaded = ((Number) counts.get("loaded")).longValue();
        long duplicates = ((Number) counts.get("duplicates")).longValue();
        assertThat(loaded + duplicates).isEqualTo(CSV.rows - CSV.rejected);
        assertThat(fx.items().size()).isEqualTo((int) CSV.loaded);
        assertThat(summary.get("rejects")).isEqualTo("s3://" + fx.bucket + "/rejects/e2e/");
        var job = fx.job("e2e");
        assertThat(job.get("status").s()).isEqualTo("SUCCEEDED");
        assertThat(job.get("counts").m().get("read").n()).isEqualTo(String.valueOf(CSV.rows));
        assertThat(job.get("chunkCounts").m()).hasSize(results.size());
        assertThat(job.get("sourceEtags").m()).containsKey(source);
        assertThat(job.get("specSha256").s()).hasSize(64);
        assertThat(job.get("durationMillis").n()).isNotBlank();
        assertThat(job.get("finishedAt").s()).isNotBlank();
        assertThat(fx.lines("rejects/e2e/manifest.json")).isNotEmpty();
    }

    @Test
    void finalize_inlineResultList_sameSummaryAsResultWriter() throws Exception {
        prepare("inline", 40.0);
        List<Map<String, Object>> results = runAllChunks(prepare("inline", 40.0));
        FinalizeHandler finalizer = new FinalizeHandler(fx.s3, fx.dynamo, fx.config);

        Map<String, Object> inline = finalizer.handleRequest(Map.of("run", "inline", "results", results), null);
        Map<String, Object> viaS3 = finalizer.handleRequest(Map.of("run", "inline", "results",
                writeResults("inline", results)), null);

        assertThat(inline).isEqualTo(viaS3);
    }

    @Test
    void finalize_countsDoNotAddUp_failsCountMismatchAndRecordsFailedJob() {
        List<Map<String, Object>> results = runAllChunks(prepare("mismatch", 40.0));
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = new LinkedHashMap<>((Map<String, Object>) results.getFirst().get("counts"));
        counts.put("loaded", ((Number) counts.get("loaded")).longValue() - 1);
        Map<String, Object> doctored = new LinkedHashMap<>(results.getFirst());
        doctored.put("counts", counts);
        results.set(0, doctored);

        assertThatThrownBy(() -> new FinalizeHandler(fx.s3, fx.dynamo, fx.config)
                .handleRequest(Map.of("run", "mismatch", "results", results), null))
                .isInstanceOf(CountMismatch.class)
                .hasMessageContaining("Run mismatch: rows read (" + CSV.rows + ")")
                .hasMessageContaining("chunks off: [" + doctored.get("chunk") + " (read");
        var job = fx.job("mismatch");
        assertThat(job.get("status").s()).isEqualTo("FAILED");
        assertThat(job.get("error").s()).isEqualTo("io.sfnetl.etl.errors.CountMismatch");
    }

    @Test
    void finalize_rejectRateAboveThreshold_failsRejectThresholdExceeded() {
        List<Map<String, Object>> results = runAllChunks(prepare("toomany", null));

        assertThatThrownBy(() -> new FinalizeHandler(fx.s3, fx.dynamo, fx.config)
                .handleRequest(Map.of("run", "toomany", "results", results), null))
                .isInstanceOf(RejectThresholdExceeded.class)
                .hasMessageContaining("rejected " + CSV.rejected + " of " + CSV.rows + " rows")
                .hasMessageContaining("above maxRejectPercent 5.00%");
        assertThat(fx.job("toomany").get("status").s()).isEqualTo("FAILED");
    }

    @Test
    void markJobFailed_statusChangeEvent_recordsStatusErrorAndCause() throws Exception {
        prepare("failing", 40.0);
        Map<String, Object> event = Json.MAPPER.readValue("""
                {"version":"0","id":"e1","detail-type":"Step Functions Execution Status Change","source":"aws.states",
                 "time":"2026-11-24T12:00:00Z","region":"us-east-1","resources":[],
                 "detail":{"executionArn":"arn:aws:states:us-east-1:000000000000:execution:etl:exec-name",
                   "stateMachineArn":"arn:aws:states:us-east-1:000000000000:stateMachine:etl","name":"exec-name",
                   "status":"FAILED","startDate":1764000000000,"stopDate":1764000060000,
                   "input":"{\\"runId\\":\\"failing\\",\\"dataset\\":\\"s3://b/s.json\\"}","output":null,
                   "error":"io.sfnetl.etl.errors.SourceNotFound","cause":"{\\"errorMessage\\":\\"gone\\"}"}}
                """, MAP);

        Map<String, Object> out = new MarkJobFailedHandler(fx.s3, fx.dynamo, fx.config).handleRequest(event, null);

        assertThat(out.get("run")).isEqualTo("failing");
        var job = fx.job("failing");
        assertThat(job.get("status").s()).isEqualTo("FAILED");
        assertThat(job.get("error").s()).isEqualTo("io.sfnetl.etl.errors.SourceNotFound");
        assertThat(job.get("cause").s()).contains("gone");
        assertThat(job.get("failedAt").s()).isEqualTo("2025-11-24T16:01:00Z");
        assertThat(job.get("dataset").s()).isEqualTo("orders");
    }

    @Test
    void markJobFailed_inputWithoutRunId_usesExecutionName() throws Exception {
        Map<String, Object> event = Json.MAPPER.readValue("""
                {"detail-type":"Step Functions Execution Status Change","source":"aws.states",
                 "detail":{"name":"nightly-2026-11-24","status":"TIMED_OUT","input":"{}"}}
                """, MAP);

        String out = new MarkJobFailedHandler(fx.s3, fx.dynamo, fx.config)
                .handleJson(Json.MAPPER.writeValueAsString(event), FakeContext.unlimited());

        assertThat(Json.MAPPER.readTree(out).path("run").asText()).isEqualTo("nightly-2026-11-24");
        assertThat(fx.job("nightly-2026-11-24").get("status").s()).isEqualTo("TIMED_OUT");
    }
}
