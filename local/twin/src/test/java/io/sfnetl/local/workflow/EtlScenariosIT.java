package io.sfnetl.local.workflow;

import static io.sfnetl.local.workflow.WorkflowHarness.JSON;
import static io.sfnetl.local.workflow.WorkflowHarness.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.asl.HistoryEvent;
import io.sfnetl.local.workflow.WorkflowHarness.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The workflow scenarios of issue 5, each a test case of {@code statemachine/test/MockConfigFile.json} (Step Functions
 * Local's mock-config format) run against {@code statemachine/etl.asl.json} on the local twin: states the test case
 * names get their mocked responses, the others call the real handlers (Prepare plans real chunks of the files under
 * {@code statemachine/test/data/}, Finalize reconciles and writes the job record, MarkJobFailed is invoked by the
 * status-change rule). Every test asserts the path through the parent's and the children's histories.
 */
class EtlScenariosIT {
    private static final Path DATA = ROOT.resolve("statemachine/test/data");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final List<String> PARENT_OK = List.of("Start", "Merge defaults", "Prepare", "Prepare done?", "Process chunks",
            "Finalize", "Done");
    static final List<String> CHILD_OK = List.of("Validate", "Validate done?", "Start transform", "Transform",
            "Transform done?", "Start load", "Load", "Load done?", "Chunk result");
    private static WorkflowHarness h;
    private static String spec;

    @BeforeAll
    static void twin() {
        h = new WorkflowHarness(1.0);
        spec = h.put(ROOT.resolve("samples/orders/orders.spec.json"), "specs/orders.spec.json");
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    private static ObjectNode input(String source) {
        ObjectNode in = JSON.createObjectNode();
        in.put("dataset", spec);
        in.put("source", source);
        in.put("maxConcurrency", 1);
        in.put("maxRejectPercent", 20);
        return in;
    }

    private static String upload(String file, String key) {
        return h.put(DATA.resolve(file), key);
    }

    /** Every Task attempt of {@code state} in {@code e}: "ok", or the error it failed with. */
    private static List<String> attempts(Execution e, String state) {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        for (HistoryEvent ev : e.history()) {
            if (ev.type().endsWith("StateEntered")) {
                inside = ev.details().path("name").asText().equals(state);
            } else if (inside && ev.type().equals("TaskSucceeded")) {
                out.add("ok");
            } else if (inside && (ev.type().equals("TaskFailed") || ev.type().equals("TaskTimedOut"))) {
                out.add(ev.details().path("error").asText());
            }
        }
        return out;
    }

    private static String s(Map<String, AttributeValue> item, String field) {
        AttributeValue v = item.get(field);
        return v == null ? null : v.s() != null ? v.s() : v.n();
    }

    @Test
    void happyPath_realHandlers_loadsValidRowsAndRejectsTheBadOne() throws Exception {
        Run r = h.run("HappyPath", "happy-path", input(upload("orders-10.csv", "scenarios/happy/orders.csv")), TIMEOUT);

        assertThat(r.execution().status()).as("%s %s", r.execution().error(), r.execution().cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.path()).isEqualTo(PARENT_OK);
        assertThat(r.children()).hasSize(1);
        assertThat(Run.path(r.children().get(0))).isEqualTo(CHILD_OK);
        JsonNode c = r.output().path("counts");
        assertThat(c.path("read").asLong()).isEqualTo(10);
        assertThat(c.path("loaded").asLong()).isEqualTo(9);
        assertThat(c.path("rejected").asLong()).isEqualTo(1);
        Map<String, AttributeValue> job = h.jobRecord("happy-path");
        assertThat(s(job, "status")).isEqualTo("SUCCEEDED");
        assertThat(h.twin.services().dynamoDbClient().getItem(b -> b.tableName("orders")
                .key(Map.of("order_id", AttributeValue.fromS("ORD-000010")))).item()).containsKey("total");
    }

    @Test
    void transientErrors_serviceExceptionThenThrottling_areRetriedAndTheRunSucceeds() {
        Run r = h.run("TransientErrorsRetried", "transient-errors", input(upload("orders-10.csv", "scenarios/transient/orders.csv")), TIMEOUT);

        assertThat(r.execution().status()).as("%s %s", r.execution().error(), r.execution().cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.path()).isEqualTo(PARENT_OK);
        Execution child = r.children().get(0);
        assertThat(Run.path(child)).as("retries stay inside the state: it is entered once").isEqualTo(CHILD_OK);
        assertThat(attempts(child, "Validate"))
                .containsExactly("Lambda.ServiceException", "Lambda.TooManyRequestsException", "ok");
        assertThat(r.output().path("counts").path("loaded").asLong()).isEqualTo(10);
    }

    @Test
    void cursor_validateStopsEarlyThreeTimes_isCalledAgainWithItsCursorUntilDone() {
        Run r = h.run("CursorThreeTimes", "cursor-three-times", input(upload("orders-10.csv", "scenarios/cursor/orders.csv")), TIMEOUT);

        assertThat(r.execution().status()).as("%s %s", r.execution().error(), r.execution().cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        Execution child = r.children().get(0);
        List<String> loop = List.of("Validate", "Validate done?");
        List<String> expected = new ArrayList<>();
        Collections.nCopies(4, loop).forEach(expected::addAll);
        expected.addAll(CHILD_OK.subList(2, CHILD_OK.size()));
        assertThat(Run.path(child)).isEqualTo(expected);
        List<JsonNode> cursors = child.history().stream()
                .filter(ev -> ev.type().equals("TaskStateEntered") && ev.details().path("name").asText().equals("Validate"))
                .map(ev -> read(ev.details().path("input").asText()).path("validate").path("cursor")).toList();
        assertThat(cursors.get(0).isNull()).as("the first call has no cursor").isTrue();
        assertThat(cursors.subList(1, 4)).extracting(c -> c.path("continuation").asInt()).containsExactly(1, 2, 3);
        assertThat(r.output().path("counts").path("read").asLong()).isEqualTo(10);
    }

    @Test
    void timeout_loadTimesOutOnce_isRetriedOnceAndSucceeds() {
        Run r = h.run("TimeoutThenSuccess", "timeout-then-success", input(upload("orders-10.csv", "scenarios/timeout/orders.csv")), TIMEOUT);

        assertThat(r.execution().status()).as("%s %s", r.execution().error(), r.execution().cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.path()).isEqualTo(PARENT_OK);
        assertThat(Run.path(r.children().get(0))).isEqualTo(CHILD_OK);
        assertThat(attempts(r.children().get(0), "Load")).containsExactly("Sandbox.Timedout", "ok");
    }

    @Test
    void retriesExhausted_loadFailsSevenTimes_failsTheMapAndMarkJobFailedRecordsIt() {
        Run r = h.run("RetriesExhausted", "retries-exhausted", input(upload("orders-10.csv", "scenarios/exhausted/orders.csv")), TIMEOUT);

        assertThat(r.execution().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.execution().error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(r.path()).as("no Catch: the failed step stays the Map, so a redrive re-runs only its failed chunks")
                .isEqualTo(PARENT_OK.subList(0, 5));
        Execution child = r.children().get(0);
        assertThat(child.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(child.error()).isEqualTo("Lambda.ServiceException");
        assertThat(Run.path(child)).isEqualTo(CHILD_OK.subList(0, 7));
        assertThat(attempts(child, "Load")).as("1 attempt + 6 retries").hasSize(7)
                .containsOnly("Lambda.ServiceException");
        assertThat(r.rule().failures()).isEmpty();
        Map<String, AttributeValue> job = h.jobRecord("retries-exhausted");
        assertThat(s(job, "status")).isEqualTo("FAILED");
        assertThat(s(job, "error")).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(s(job, "executionArn")).isEqualTo(r.execution().executionArn());
    }

    @Test
    void invalidInput_datasetOutsideTheDataBucket_failsInPrepareWithInvalidInputNotRetried() {
        ObjectNode in = input(upload("orders-10.csv", "scenarios/invalid/orders.csv"));
        in.put("dataset", "s3://someone-elses-bucket/specs/orders.spec.json");
        Run r = h.run("InvalidInput", "invalid-input", in, TIMEOUT);

        assertThat(r.execution().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.execution().error()).isEqualTo("io.sfnetl.etl.errors.InvalidInput");
        assertThat(r.execution().cause()).contains("outside the data bucket");
        assertThat(r.path()).isEqualTo(PARENT_OK.subList(0, 3));
        assertThat(attempts(r.execution(), "Prepare")).as("the ETL's own errors are never retried")
                .containsExactly("io.sfnetl.etl.errors.InvalidInput");
        assertThat(r.children()).isEmpty();
        assertThat(s(h.jobRecord("invalid-input"), "error")).isEqualTo("io.sfnetl.etl.errors.InvalidInput");
    }

    @Test
    void countMismatch_loadLosesARow_finalizeFailsTheRunWithCountMismatch() {
        Run r = h.run("CountMismatch", "count-mismatch", input(upload("orders-10.csv", "scenarios/mismatch/orders.csv")), TIMEOUT);

        assertThat(r.execution().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.execution().error()).as(r.execution().cause()).isEqualTo("io.sfnetl.etl.errors.CountMismatch");
        assertThat(r.execution().cause()).contains("rows read (10) != loaded (8) + rejected (1) + duplicates (0)");
        assertThat(r.path()).isEqualTo(PARENT_OK.subList(0, 6));
        assertThat(attempts(r.execution(), "Finalize")).containsExactly("io.sfnetl.etl.errors.CountMismatch");
        Map<String, AttributeValue> job = h.jobRecord("count-mismatch");
        assertThat(s(job, "status")).isEqualTo("FAILED");
        assertThat(s(job, "error")).isEqualTo("io.sfnetl.etl.errors.CountMismatch");
    }

    @Test
    void emptySource_zeroByteObject_failsInPrepareWithSourceNotFound() {
        Run r = h.run("EmptySource", "empty-source", input(upload("empty.csv", "scenarios/empty/orders.csv")), TIMEOUT);

        assertThat(r.execution().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.execution().error()).isEqualTo("io.sfnetl.etl.errors.SourceNotFound");
        assertThat(r.execution().cause()).contains("is empty (0 bytes)");
        assertThat(r.path()).isEqualTo(PARENT_OK.subList(0, 3));
        assertThat(r.children()).isEmpty();
    }

    @Test
    void emptySource_headerOnly_succeedsWithZeroRows() {
        Run r = h.run("HeaderOnlySource", "header-only", input(upload("header-only.csv", "scenarios/header-only/orders.csv")), TIMEOUT);

        assertThat(r.execution().status()).as("%s %s", r.execution().error(), r.execution().cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.path()).isEqualTo(PARENT_OK);
        assertThat(r.children()).allSatisfy(c -> assertThat(Run.path(c)).isEqualTo(CHILD_OK));
        JsonNode c = r.output().path("counts");
        assertThat(c.path("read").asLong()).isZero();
        assertThat(c.path("loaded").asLong()).isZero();
    }

    @Test
    void prefix_threeObjects_oneChunkEachAllLoaded() {
        for (int i = 1; i <= 3; i++) {
            upload("several/part-" + i + ".csv", "scenarios/several/part-" + i + ".csv");
        }
        Run r = h.run("PrefixWithSeveralObjects", "several-objects",
                input("s3://" + WorkflowHarness.BUCKET + "/scenarios/several/"), TIMEOUT);

        assertThat(r.execution().status()).as("%s %s", r.execution().error(), r.execution().cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.path()).isEqualTo(PARENT_OK);
        assertThat(r.children()).hasSize(3).allSatisfy(c -> assertThat(Run.path(c)).isEqualTo(CHILD_OK));
        List<String> sources = r.children().stream().map(c -> read(c.input()).path("source").asText()).sorted().toList();
        assertThat(sources).containsExactly("s3://sfn-etl-data/scenarios/several/part-1.csv",
                "s3://sfn-etl-data/scenarios/several/part-2.csv", "s3://sfn-etl-data/scenarios/several/part-3.csv");
        JsonNode c = r.output().path("counts");
        assertThat(c.path("read").asLong()).isEqualTo(15);
        assertThat(c.path("loaded").asLong()).isEqualTo(15);
        assertThat(r.output().path("chunks").asInt()).isEqualTo(3);
    }

    @Test
    void toleratedFailure_oneOfTwoChunksFailsWithinTolerance_runSucceedsAndJobRecordListsTheFailedChunk() {
        upload("several/part-1.csv", "scenarios/tolerated/part-1.csv");
        upload("several/part-2.csv", "scenarios/tolerated/part-2.csv");
        ObjectNode in = input("s3://" + WorkflowHarness.BUCKET + "/scenarios/tolerated/");
        in.put("toleratedFailurePercentage", 50);
        Run r = h.run("ToleratedChunkFailure", "tolerated-failure", in, TIMEOUT);

        assertThat(r.execution().status()).as("%s %s", r.execution().error(), r.execution().cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.path()).isEqualTo(PARENT_OK);
        assertThat(r.children()).extracting(Execution::status)
                .containsExactlyInAnyOrder(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);
        Map<String, AttributeValue> job = h.jobRecord("tolerated-failure");
        assertThat(s(job, "status")).isEqualTo("SUCCEEDED");
        assertThat(job.get("failedChunks").l()).hasSize(1);
    }

    @Test
    void redrive_secondChunkFailedItsRetries_redriveRerunsOnlyThatChunkThenFinalizes() {
        upload("several/part-1.csv", "scenarios/redrive/part-1.csv");
        upload("several/part-2.csv", "scenarios/redrive/part-2.csv");
        Run r = h.run("RedriveFailedChunk", "redrive-failed-chunk", input("s3://" + WorkflowHarness.BUCKET + "/scenarios/redrive/"), TIMEOUT);
        assertThat(r.execution().status()).as("path %s; children %s", r.path(), r.children().stream()
                .map(c -> c.status() + " " + Run.path(c) + " " + c.error()).toList()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.path()).isEqualTo(PARENT_OK.subList(0, 5));
        assertThat(s(h.jobRecord("redrive-failed-chunk"), "status")).isEqualTo("FAILED");
        Execution ok = r.children().get(0);
        Execution failed = r.children().get(1);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);

        r.redrive(TIMEOUT);

        assertThat(r.execution().status()).as("%s %s", r.execution().error(), r.execution().cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.execution().redriveCount()).isEqualTo(1);
        List<String> types = r.execution().history().stream().map(HistoryEvent::type).toList();
        List<String> afterRedrive = r.path().subList(5, r.path().size());
        assertThat(types).contains("ExecutionRedriven");
        assertThat(afterRedrive).as("only the Map and what follows it run again").doesNotContain("Prepare")
                .endsWith("Finalize", "Done");
        assertThat(r.children()).as("no new child: the failed one is redriven").hasSize(2);
        assertThat(Run.path(ok)).as("the chunk that succeeded is not run again").isEqualTo(CHILD_OK);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(attempts(failed, "Load")).hasSize(8).endsWith("ok");
        assertThat(attempts(failed, "Validate")).as("the redriven chunk restarts at its failed state").containsExactly("ok");
        Map<String, AttributeValue> job = h.jobRecord("redrive-failed-chunk");
        assertThat(s(job, "status")).isEqualTo("SUCCEEDED");
        assertThat(r.output().path("counts").path("loaded").asLong()).isEqualTo(20);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
