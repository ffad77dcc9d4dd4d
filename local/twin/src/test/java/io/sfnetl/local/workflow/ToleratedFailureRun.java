package io.sfnetl.local.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionStatus;
import java.nio.file.Path;
import java.time.Duration;

/** Runs test case ToleratedChunkFailure on a twin kept under {@code dataDir}, for tests of what follows such a run. */
public final class ToleratedFailureRun {
    private ToleratedFailureRun() {
    }

    /** @return the source object of the chunk that failed */
    public static String run(Path dataDir, String name) {
        try (WorkflowHarness h = new WorkflowHarness(dataDir, 1.0)) {
            Path data = WorkflowHarness.ROOT.resolve("statemachine/test/data/several");
            h.put(data.resolve("part-1.csv"), "tolerated/part-1.csv");
            h.put(data.resolve("part-2.csv"), "tolerated/part-2.csv");
            ObjectNode in = WorkflowHarness.JSON.createObjectNode();
            in.put("dataset", h.put(WorkflowHarness.ROOT.resolve("samples/orders/orders.spec.json"), "specs/orders.spec.json"));
            in.put("source", "s3://" + WorkflowHarness.BUCKET + "/tolerated/");
            in.put("maxConcurrency", 1);
            in.put("toleratedFailurePercentage", 50);
            WorkflowHarness.Run r = h.run("ToleratedChunkFailure", name, in, Duration.ofSeconds(60));
            if (r.execution().status() != ExecutionStatus.SUCCEEDED) {
                throw new AssertionError("the tolerated run failed: " + r.execution().error() + " " + r.execution().cause());
            }
            Execution failed = r.children().stream().filter(c -> c.status() == ExecutionStatus.FAILED).findFirst()
                    .orElseThrow(() -> new AssertionError("no child failed"));
            return WorkflowHarness.JSON.readTree(failed.input()).path("source").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
