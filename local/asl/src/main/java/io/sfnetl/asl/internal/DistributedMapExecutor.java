package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.MapConfig;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.State;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Distributed Map: one Map Run whose items (ItemReader, or ItemsPath/Items) are selected (ItemSelector), batched
 * (ItemBatcher) and processed by child executions with their own histories, at most MaxConcurrency at once; the parent
 * history gets only MapRunStarted and MapRunSucceeded/Failed. Failures beyond ToleratedFailurePercentage/Count fail the
 * Map Run with {@code States.ExceedToleratedFailureThreshold} and stop the remaining children. With a ResultWriter the
 * children's results go to {@code <Prefix>/<map run id>/} as SUCCEEDED_0.json, FAILED_0.json, PENDING_0.json and
 * manifest.json, and the state's result is {@code {MapRunArn, ResultWriterDetails: {Bucket, Key}}}; without one it is
 * the array of child outputs.
 */
final class DistributedMapExecutor {
    /** AWS's limit of concurrent child executions of one Distributed Map. */
    static final int MAX_CONCURRENCY = 10_000;

    private DistributedMapExecutor() {
    }

    static Outcome execute(State.Map s, JsonNode raw, Scope scope) {
        boolean jsonata = s.transition().language() == QueryLanguage.JSONATA;
        JsonNode effective = jsonata ? raw : Io.input(s.io(), raw, scope);
        MapConfig c = s.config();
        List<JsonNode> inputs = childInputs(c, items(c, raw, effective, scope, jsonata), raw, effective, scope, jsonata);
        int max = MapExecutor.maxConcurrency(c, effective, scope);
        max = max == 0 ? MAX_CONCURRENCY : Math.min(max, MAX_CONCURRENCY);
        double toleratedPercent = c.toleratedFailurePercentage() != null
                ? percent(c.toleratedFailurePercentage(), raw, scope)
                : c.toleratedFailurePercentagePath() != null
                        ? Paths.read(c.toleratedFailurePercentagePath(), effective, scope, "ToleratedFailurePercentagePath").asDouble()
                        : 0;
        Long toleratedCountValue = Io.seconds(c.toleratedFailureCount(), effective, scope, "ToleratedFailureCount");
        boolean anyTolerance = c.toleratedFailurePercentage() != null || c.toleratedFailurePercentagePath() != null
                || toleratedCountValue != null;

        Run parent = scope.run();
        String label = c.label() != null ? c.label() : s.name();
        String prefix = "arn:aws:states:" + parent.settings().region() + ":" + parent.settings().account() + ":";
        int n = inputs.size();
        MapRunRecord existing = parent.mapRuns().get(s.name());
        // A Map Run that did not succeed is adopted by the next run of its state (resume, redrive); one in use by a
        // concurrent run of the same state (a Distributed Map inside an inline Map) is not.
        boolean adopted = existing != null && existing.size() == n && existing.acquire();
        MapRunRecord rec;
        if (adopted) {
            rec = existing;
        } else {
            String id = UUID.randomUUID().toString();
            rec = new MapRunRecord(id, prefix + "mapRun:" + parent.stateMachineName() + "/" + label + ":" + id, n, 0,
                    parent.redriveCount());
            rec.acquire();
            boolean registered = existing == null ? parent.mapRuns().putIfAbsent(s.name(), rec) == null
                    : existing.size() != n && parent.mapRuns().replace(s.name(), existing, rec);
            if (registered) {
                parent.journalMapRun(s.name(), rec);
            }
        }
        try {
            return run(s, c, raw, effective, inputs, max, scope, jsonata, rec, adopted, prefix, label,
                    toleratedPercent, toleratedCountValue, anyTolerance);
        } finally {
            rec.release();
        }
    }

    private static Outcome run(State.Map s, MapConfig c, JsonNode raw, JsonNode effective, List<JsonNode> inputs,
            int max, Scope scope, boolean jsonata, MapRunRecord rec, boolean adopted, String prefix, String label,
            double toleratedPercent, Long toleratedCountValue, boolean anyTolerance) {
        Run parent = scope.run();
        int n = inputs.size();
        long toleratedCount = toleratedCountValue == null ? 0 : toleratedCountValue;
        boolean redriving = adopted && parent.redriveCount() > rec.parentRedriveCount();
        if (redriving) {
            rec.redriven(parent.redriveCount());
            parent.journalMapRun(s.name(), rec);
        }
        String mapRunId = rec.id();
        String mapRunArn = rec.arn();
        ObjectNode started = Json.object();
        started.put("length", inputs.size());
        scope.event("MapStateStarted", "mapStateStartedEventDetails", started);
        ObjectNode runStarted = Json.object();
        runStarted.put("mapRunArn", mapRunArn);
        if (redriving) {
            runStarted.put("redriveCount", rec.redriveCount());
            scope.event("MapRunRedriven", "mapRunRedrivenEventDetails", runStarted);
        } else {
            scope.event("MapRunStarted", "mapRunStartedEventDetails", runStarted);
        }

        JsonNode[] outputs = new JsonNode[n];
        boolean keepAll = c.resultWriter() != null;
        ObjectNode[] summaries = new ObjectNode[n];
        String[] statuses = new String[n];
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean exceeded = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(n);
        Semaphore permits = new Semaphore(max);
        String childMachine = parent.stateMachineName() + "/" + label;
        int launched = 0;
        for (int i = 0; i < n; i++) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecutionStopped("interrupted");
            }
            if (exceeded.get() || scope.stopped()) {
                permits.release();
                break;
            }
            Run child = rec.child(i);
            if (child == null) {
                String name = UUID.randomUUID().toString();
                child = new Run(parent.settings(), prefix + "execution:" + childMachine + ":" + name, name,
                        prefix + "stateMachine:" + childMachine, childMachine, inputs.get(i), parent);
                child.mapChild(s.name(), i, rec.id());
                rec.child(i, child);
                child.stopWhen(exceeded::get);
                Runner.launch(child, s.processor(), null);
            } else if (child.status() == ExecutionStatus.RUNNING) {
                // Replayed from the journal: continue where it was.
                child.stopWhen(exceeded::get);
                Runner.resume(child);
            } else if (child.status() != ExecutionStatus.SUCCEEDED && redriving) {
                Runner.redrive(child);
                child.stopWhen(exceeded::get);
            }
            // A child that succeeded (or, on resume, ended before the crash) keeps its result.
            Run current = child;
            final int index = i;
            current.done().whenComplete((x, t) -> {
                statuses[index] = current.status().name();
                if (current.status() == ExecutionStatus.SUCCEEDED) {
                    outputs[index] = parse(current.output());
                } else if (failed.incrementAndGet() > toleratedCount
                        && (!anyTolerance || toleratedCountValue != null
                                || 100.0 * failed.get() / n > toleratedPercent)) {
                    exceeded.set(true);
                }
                if (keepAll || current.status() != ExecutionStatus.SUCCEEDED) {
                    summaries[index] = summary(current);
                }
                permits.release();
                done.countDown();
            });
            launched++;
        }
        for (int i = launched; i < n; i++) {
            statuses[i] = "PENDING";
            if (keepAll) {
                ObjectNode pending = Json.object();
                pending.put("Input", Json.write(inputs.get(i)));
                pending.putObject("InputDetails").put("Included", true);
                summaries[i] = pending;
            }
            done.countDown();
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionStopped("interrupted");
        }
        if (scope.stopped()) {
            scope.event("MapRunAborted", null, null);
            scope.event("MapStateAborted", null, null);
            scope.checkStopped();
        }
        MapConfig.ResultWriter w = c.resultWriter();
        List<List<JsonNode>> formatted = w == null ? null : format(w, outputs, summaries, statuses);
        JsonNode writerDetails = w == null || w.resource() == null ? null
                : writeResults(w, formatted, statuses, mapRunArn, mapRunId, raw, effective, scope, jsonata, adopted);
        if (exceeded.get()) {
            String cause = "The specified tolerated failure threshold was exceeded: " + failed.get() + " of " + n
                    + " child executions failed (tolerated: " + (toleratedCountValue != null ? toleratedCount + " failures"
                            : toleratedPercent + "%") + ")";
            scope.event("MapRunFailed", "mapRunFailedEventDetails",
                    Events.error(ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD, cause));
            scope.event("MapStateFailed", null, null);
            throw new StatesError(ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD, cause);
        }
        parent.mapRunDone(s.name(), rec);
        scope.event("MapRunSucceeded", null, null);
        scope.event("MapStateSucceeded", null, null);
        JsonNode result;
        if (writerDetails != null) {
            ObjectNode r = Json.object();
            r.put("MapRunArn", mapRunArn);
            r.set("ResultWriterDetails", writerDetails);
            result = r;
        } else if (formatted != null) {
            ArrayNode arr = Json.NODES.arrayNode(formatted.size());
            formatted.forEach(entries -> entries.forEach(arr::add));
            result = arr;
        } else {
            // A child that did not succeed (tolerated) appears with its execution metadata, as AWS returns it.
            ArrayNode arr = Json.NODES.arrayNode(n);
            for (int i = 0; i < n; i++) {
                arr.add(outputs[i] != null ? outputs[i] : summaries[i] != null ? summaries[i] : Json.NODES.nullNode());
            }
            result = arr;
        }
        return MapExecutor.finish(s.transition().next(), s.io(), jsonata, raw, result, scope);
    }

    private static double percent(JsonNode value, JsonNode raw, Scope scope) {
        JsonNode v = Jsonata.isExpression(value)
                ? Jsonata.template(value, Jsonata.states(raw, null, null, scope), scope, "ToleratedFailurePercentage")
                : value;
        if (v == null || !v.isNumber() || v.asDouble() < 0 || v.asDouble() > 100) {
            throw new StatesError(Jsonata.isExpression(value) ? ErrorNames.QUERY_EVALUATION_ERROR : ErrorNames.RUNTIME,
                    "ToleratedFailurePercentage of state '" + scope.stateName() + "' must be a number from 0 to 100, not "
                            + (v == null ? "nothing" : Json.write(v)));
        }
        return v.asDouble();
    }

    private static List<JsonNode> items(MapConfig c, JsonNode raw, JsonNode effective, Scope scope, boolean jsonata) {
        if (c.itemReader() == null) {
            var list = new ArrayList<JsonNode>();
            MapExecutor.items(c, raw, effective, scope, jsonata).forEach(list::add);
            return list;
        }
        MapConfig.ItemReader r = c.itemReader();
        JsonNode params = r.parameters() == null ? Json.object()
                : jsonata ? Jsonata.template(r.parameters(), Jsonata.states(raw, null, null, scope), scope, "ItemReader")
                : Templates.apply(r.parameters(), effective, scope, "ItemReader.Parameters");
        Long maxItems = Io.seconds(r.maxItems(), effective, scope, "MaxItems");
        return ItemReaders.read(r, params, maxItems == null || maxItems == 0 ? Long.MAX_VALUE : maxItems,
                scope.settings().itemReader());
    }

    /** ItemSelector per item (with {@code $$.Map.Item}), then ItemBatcher. */
    private static List<JsonNode> childInputs(MapConfig c, List<JsonNode> items, JsonNode raw, JsonNode effective,
            Scope scope, boolean jsonata) {
        var selected = new ArrayList<JsonNode>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (c.itemSelector() == null) {
                selected.add(items.get(i));
            } else {
                Scope itemScope = scope.nested(MapExecutor.item(i, items.get(i)), scope.lastEventId());
                selected.add(MapExecutor.selectItem(c.itemSelector(), MapExecutor.item(i, items.get(i)), effective, raw,
                        itemScope, jsonata));
            }
        }
        MapConfig.ItemBatcher b = c.itemBatcher();
        if (b == null) {
            return selected;
        }
        Long maxItems = Io.seconds(b.maxItemsPerBatch(), effective, scope, "MaxItemsPerBatch");
        Long maxBytes = Io.seconds(b.maxInputBytesPerBatch(), effective, scope, "MaxInputBytesPerBatch");
        long itemLimit = maxItems == null ? Long.MAX_VALUE : maxItems;
        long byteLimit = maxBytes == null ? 256 * 1024 : Math.min(maxBytes, 256 * 1024);
        JsonNode batchInput = b.batchInput() == null ? null
                : jsonata ? Jsonata.template(b.batchInput(), Jsonata.states(raw, null, null, scope), scope, "BatchInput")
                : Templates.apply(b.batchInput(), effective, scope, "BatchInput");
        var batches = new ArrayList<JsonNode>();
        ObjectNode batch = null;
        long bytes = 0;
        for (JsonNode item : selected) {
            long size = Json.size(Json.write(item)) + 1;
            if (batch == null || batch.get("Items").size() >= itemLimit || bytes + size > byteLimit) {
                batch = Json.object();
                if (batchInput != null) {
                    batch.set("BatchInput", batchInput);
                }
                batch.putArray("Items");
                batches.add(batch);
                bytes = 0;
            }
            ((ArrayNode) batch.get("Items")).add(item);
            bytes += size;
        }
        return batches;
    }

    private static ObjectNode summary(Run child) {
        ObjectNode o = Json.object();
        o.put("ExecutionArn", child.arn());
        o.put("Input", Json.write(child.input()));
        o.putObject("InputDetails").put("Included", true);
        o.put("Name", child.name());
        if (child.output() != null) {
            o.put("Output", child.output());
            o.putObject("OutputDetails").put("Included", true);
        }
        if (child.error() != null) {
            o.put("Error", child.error());
        }
        if (child.cause() != null) {
            o.put("Cause", child.cause());
        }
        o.put("RedriveCount", child.redriveCount());
        o.put("RedriveStatus", child.status() == ExecutionStatus.SUCCEEDED ? "NOT_REDRIVABLE" : "REDRIVABLE_BY_MAP_RUN");
        o.put("RedriveStatusReason", child.status() == ExecutionStatus.SUCCEEDED
                ? "Execution is SUCCEEDED and cannot be redriven"
                : "Execution is redriven by redriving its parent's Map Run");
        o.put("StartDate", child.startDate().toString());
        o.put("StateMachineArn", child.stateMachineArn());
        o.put("Status", child.status().name());
        if (child.stopDate() != null) {
            o.put("StopDate", child.stopDate().toString());
        }
        return o;
    }

    /**
     * The children's results as WriterConfig's Transformation shapes them: NONE the execution metadata, COMPACT the
     * outputs, FLATTEN the outputs with arrays flattened; a child that did not succeed keeps its metadata.
     */
    private static List<List<JsonNode>> format(MapConfig.ResultWriter w, JsonNode[] outputs, ObjectNode[] summaries,
            String[] statuses) {
        String transformation = w.transformation() != null ? w.transformation() : w.resource() != null ? "NONE" : "COMPACT";
        var out = new ArrayList<List<JsonNode>>(outputs.length);
        for (int i = 0; i < outputs.length; i++) {
            boolean ok = "SUCCEEDED".equals(statuses[i]);
            if (!ok || transformation.equals("NONE")) {
                out.add(List.of(summaries[i]));
            } else if (transformation.equals("FLATTEN") && outputs[i].isArray()) {
                var items = new ArrayList<JsonNode>();
                outputs[i].forEach(items::add);
                out.add(items);
            } else {
                out.add(List.of(outputs[i]));
            }
        }
        return out;
    }

    private static JsonNode writeResults(MapConfig.ResultWriter w, List<List<JsonNode>> formatted, String[] statuses,
            String mapRunArn, String mapRunId, JsonNode raw, JsonNode effective, Scope scope, boolean jsonata,
            boolean rewrite) {
        JsonNode params = w.parameters() == null ? Json.object()
                : jsonata ? Jsonata.template(w.parameters(), Jsonata.states(raw, null, null, scope), scope, "ResultWriter")
                : Templates.apply(w.parameters(), effective, scope, "ResultWriter.Parameters");
        String bucket = params.path("Bucket").asText("");
        String prefix = params.path("Prefix").asText("");
        String base = (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/") + mapRunId + "/";
        ArrayNode succeeded = Json.NODES.arrayNode();
        ArrayNode failedOnes = Json.NODES.arrayNode();
        ArrayNode pending = Json.NODES.arrayNode();
        for (int i = 0; i < statuses.length; i++) {
            ArrayNode group = switch (statuses[i]) {
                case "SUCCEEDED" -> succeeded;
                case "PENDING" -> pending;
                default -> failedOnes;
            };
            formatted.get(i).forEach(group::add);
        }
        ObjectNode manifest = Json.object();
        manifest.put("DestinationBucket", bucket);
        manifest.put("MapRunArn", mapRunArn);
        ObjectNode files = manifest.putObject("ResultFiles");
        try {
            files.set("FAILED", write(bucket, base + "FAILED_0.json", failedOnes, scope, rewrite));
            files.set("PENDING", write(bucket, base + "PENDING_0.json", pending, scope, rewrite));
            files.set("SUCCEEDED", write(bucket, base + "SUCCEEDED_0.json", succeeded, scope, rewrite));
            scope.settings().resultWriter().putObject(bucket, base + "manifest.json", Json.bytes(manifest));
        } catch (StatesError e) {
            throw e.error().equals(ErrorNames.RESULT_WRITER_FAILED) ? e
                    : new StatesError(ErrorNames.RESULT_WRITER_FAILED, e.error() + ": " + e.cause());
        }
        ObjectNode details = Json.object();
        details.put("Bucket", bucket);
        details.put("Key", base + "manifest.json");
        return details;
    }

    /** Writes one result file when it has entries; a redriven or resumed Map Run also empties stale ones. */
    private static ArrayNode write(String bucket, String key, ArrayNode results, Scope scope, boolean rewrite) {
        ArrayNode entries = Json.NODES.arrayNode();
        if (results.isEmpty()) {
            if (rewrite) {
                scope.settings().resultWriter().putObject(bucket, key, "[]".getBytes(StandardCharsets.UTF_8));
            }
            return entries;
        }
        byte[] content = Json.write(results).getBytes(StandardCharsets.UTF_8);
        scope.settings().resultWriter().putObject(bucket, key, content);
        ObjectNode e = entries.addObject();
        e.put("Key", key);
        e.put("Size", content.length);
        return entries;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.read(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
