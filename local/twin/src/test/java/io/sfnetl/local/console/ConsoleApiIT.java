package io.sfnetl.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.local.twin.LocalTwin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The console's read-only ETL endpoint ({@link ConsoleApi}) on the real twin, over HTTP on 127.0.0.1, after a real ETL
 * run with rejects: the job record, the first rejects (masked, streamed, limited), the EMF metrics, the schedule, and
 * the refusals (unknown run, bad run id, writes, other origins).
 */
class ConsoleApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static EtlConsoleTwin etl;
    private static HttpClient http;
    private static URI base;

    @BeforeAll
    static void start() throws IOException {
        etl = new EtlConsoleTwin(dir);
        base = etl.endpoint();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (etl != null) {
            etl.close();
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains(ConsoleApi.JSON_TYPE);
        assertThat(r.headers().firstValue("Content-Security-Policy")).contains(ConsoleHandler.CSP);
        return JSON.readTree(r.body());
    }

    @Test
    void job_finishedRun_recordWithSourcesCountsAndReasons() throws Exception {
        JsonNode job = ok("/console/api/job/" + EtlConsoleTwin.RUN);
        assertThat(job.path("run").asText()).isEqualTo(EtlConsoleTwin.RUN);
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.at("/counts/read").asInt()).isEqualTo(EtlConsoleTwin.ROWS);
        assertThat(job.at("/counts/rejected").asInt()).isEqualTo(EtlConsoleTwin.REJECTS);
        assertThat(job.path("chunks").asInt()).as("several chunks").isGreaterThan(1);
        assertThat(job.path("chunkCounts").size()).isEqualTo(job.path("chunks").asInt());
        assertThat(job.path("sources").get(0).path("etag").asText()).isNotBlank();
        assertThat(job.path("timings").path("validateMillis").isNumber()).isTrue();
        assertThat(job.at("/rejectReasons/reasons").size()).isEqualTo(EtlConsoleTwin.REJECTS);
    }

    @Test
    void rejects_default_allThreeWithReasonsLinesAndMaskedRecords() throws Exception {
        JsonNode r = ok("/console/api/rejects/" + EtlConsoleTwin.RUN);
        assertThat(r.path("files").asText()).isEqualTo("manifest");
        assertThat(r.path("more").asBoolean()).isFalse();
        JsonNode rejects = r.path("rejects");
        assertThat(rejects).hasSize(EtlConsoleTwin.REJECTS);
        List<Integer> lines = new ArrayList<>();
        rejects.forEach(x -> lines.add(x.path("line").asInt()));
        // data rows start at line 2 (the header is line 1): rows 7, 20 and 41
        assertThat(lines).containsExactlyInAnyOrder(8, 21, 42);
        JsonNode script = null;
        for (JsonNode x : rejects) {
            assertThat(x.path("reasons").size()).isPositive();
            assertThat(x.path("stage").asText()).isEqualTo("validate");
            assertThat(x.path("record").asText()).as("sensitive email masked").doesNotContain("@example.com");
            if (x.path("line").asInt() == 8) {
                script = x;
            }
        }
        assertThat(script).isNotNull();
        assertThat(script.path("record").asText()).contains(EtlConsoleTwin.SCRIPT);
        assertThat(script.path("reasons").toString()).contains("status");
    }

    @Test
    void rejects_limitOne_firstOnlyAndMore() throws Exception {
        JsonNode r = ok("/console/api/rejects/" + EtlConsoleTwin.RUN + "?limit=1");
        assertThat(r.path("rejects")).hasSize(1);
        assertThat(r.path("more").asBoolean()).isTrue();
    }

    @Test
    void rejects_runBeforeFinalize_filesAsListedStreamedUpToTheLimit() throws Exception {
        S3Client s3 = etl.twin().twin().services().s3Client();
        String line = "{\"object\":\"s3://b/in.csv\",\"offset\":0,\"line\":%d,\"raw\":\"x,****\","
                + "\"reasons\":[\"field 'a': 'x' is not an integer\"],\"stage\":\"validate\"}\n";
        for (String part : List.of("00000/validate/0-req1", "00001/validate/0-req2")) {
            s3.putObject(b -> b.bucket(LocalTwin.DATA_BUCKET).key("rejects/unfinished/" + part),
                    RequestBody.fromString(String.format(line, 2) + String.format(line, 3)));
        }
        JsonNode r = ok("/console/api/rejects/unfinished?limit=3");
        assertThat(r.path("files").asText()).isEqualTo("listing");
        assertThat(r.path("rejects")).hasSize(3);
        assertThat(r.path("more").asBoolean()).isTrue();
        assertThat(r.path("rejects").get(2).path("chunk").asText()).isEqualTo("00001");
        assertThat(r.path("rejects").get(2).path("record").asText()).isEqualTo("x,****");
    }

    @Test
    void rejects_limitOutOfRange_400WithTheBounds() throws Exception {
        HttpResponse<String> r = get("/console/api/rejects/" + EtlConsoleTwin.RUN + "?limit=5000");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains("'limit' must be an integer 1..200");
    }

    @Test
    void metrics_run_pointsPerStageAndTotalsMatchTheCounts() throws Exception {
        JsonNode m = ok("/console/api/metrics/" + EtlConsoleTwin.RUN);
        assertThat(m.path("points").size()).isGreaterThanOrEqualTo(3);
        assertThat(m.at("/totals/validate/RowsRead").asInt()).isEqualTo(EtlConsoleTwin.ROWS);
        assertThat(m.at("/totals/validate/RowsRejected").asInt()).isEqualTo(EtlConsoleTwin.REJECTS);
        assertThat(m.at("/totals/load/RowsLoaded").asInt()).isEqualTo(EtlConsoleTwin.ROWS - EtlConsoleTwin.REJECTS);
        assertThat(m.path("points").get(0).path("values").has("DurationMillis")).isTrue();
    }

    @Test
    void schedule_default_fiveUpcomingFiresAndPastRuns() throws Exception {
        JsonNode s = ok("/console/api/schedule");
        assertThat(s.path("expression").asText()).startsWith("cron(");
        assertThat(s.path("upcoming")).hasSize(ConsoleApi.DEFAULT_FIRES);
        assertThat(s.path("upcoming").get(0).path("executionName").asText())
                .startsWith(s.path("executionNamePrefix").asText() + "-");
        assertThat(s.path("past").isArray()).isTrue();
    }

    @Test
    void schedule_scheduledExecution_listedAsPastRunWithItsStatus() throws Exception {
        JsonNode next = ok("/console/api/schedule?count=1").path("upcoming").get(0);
        var input = JSON.createObjectNode();
        input.put("dataset", "s3://sfn-etl-data/specs/missing.spec.json");
        input.put("scheduledTime", next.path("scheduledTime").asText());
        String arn = etl.start(next.path("executionName").asText(), input);
        etl.await(arn);
        JsonNode past = ok("/console/api/schedule").path("past");
        assertThat(past.toString()).contains(next.path("executionName").asText(), "\"status\":\"FAILED\"",
                next.path("scheduledTime").asText());
    }

    @Test
    void unknownRun_404WithJsonMessage() throws Exception {
        for (String what : List.of("job", "rejects", "metrics")) {
            HttpResponse<String> r = get("/console/api/" + what + "/no-such-run");
            assertThat(r.statusCode()).as(what).isEqualTo(404);
            JsonNode e = JSON.readTree(r.body());
            assertThat(e.path("error").asText()).isEqualTo("RunNotFound");
            assertThat(e.path("message").asText()).contains("no-such-run", "etl jobs");
        }
    }

    @Test
    void badRunIdAndUnknownPath_refusedWithJson() throws Exception {
        HttpResponse<String> bad = get("/console/api/job/..%2Fx");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").asText()).isEqualTo("InvalidRunId");
        HttpResponse<String> none = get("/console/api/nothing");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(none.body()).path("message").asText()).contains("/console/api/job/<run>");
    }

    @Test
    void post_refusedAsReadOnly() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/console/api/job/" + EtlConsoleTwin.RUN))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void otherOrigin_refusedByTheGuard() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/console/api/job/" + EtlConsoleTwin.RUN))
                .header("Origin", "http://evil.example").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("Cross-origin request from 'http://evil.example' refused");
    }
}
