package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.MapConfig;
import io.sfnetl.asl.model.QueryLanguage;
import io.sfnetl.asl.model.State;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
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
    private static final byte[] BATCH_END = {']', '}'};

    private DistributedMapExecutor() {
    }

    static Outcome execute(State.Map s, JsonNode raw, Scope scope) {
        boolean jsonata = s.transition().language() == QueryLanguage.JSONATA;
        JsonNode effective = jsonata ? raw : Io.input(s.io(), raw, scope);
        MapConfig c = s.config();
        try (ChildInputs inputs = childInputs(c, raw, effective, scope, jsonata)) {
            return execute(s, c, raw, effective, inputs, scope, jsonata);
        }
    }

    private static Outcome execute(State.Map s, MapConfig c, JsonNode raw, JsonNode effective, ChildInputs inputs,
            Scope scope, boolean jsonata) {
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
        var tolerance = new MapRunChildren.Tolerance(toleratedCountValue == null ? 0 : toleratedCountValue,
                toleratedCountValue != null, anyTolerance, toleratedPercent);

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
                    tolerance);
        } finally {
            rec.release();
        }
    }

    private static Outcome run(State.Map s, MapConfig c, JsonNode raw, JsonNode effective, ChildInputs inputs,
            int max, Scope scope, boolean jsonata, MapRunRecord rec, boolean adopted, String prefix, String label,
            MapRunChildren.Tolerance tolerance) {
        Run parent = scope.run();
        int n = inputs.size();
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

        MapConfig.ResultWriter w = c.resultWriter();
        boolean keepAll = w != null;
        String transformation = w == null ? null
                : w.transformation() != null ? w.transformation() : w.resource() != null ? "NONE" : "COMPACT";
        // With a ResultWriter the children's entries go to a temporary file as they end (and a child that succeeded
        // is released from the Map Run); without one the output array holds the results.
        ResultSpill spill = keepAll ? rec.results() : null;
        JsonNode[] outputs = keepAll ? null : new JsonNode[n];
        ObjectNode[] summaries = keepAll ? null : new ObjectNode[n];
        MapRunChildren children = new MapRunChildren(s, scope, rec, inputs, redriving, transformation, spill, outputs,
                summaries, label, prefix, tolerance);
        int launched;
        try {
            launched = children.run(max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionStopped("interrupted");
        }
        JsonBytes pending = new JsonBytes(1024);
        for (int i = launched; keepAll && i < n; i++) {
            // not started (the tolerance was exceeded): PENDING in the results
            byte[] input = inputs.next();
            pending.setLength(0);
            pending.ascii("{\"Input\":").string(input, 0, input.length).ascii(",\"InputDetails\":{\"Included\":true}}");
            spill.put(i, ResultSpill.PENDING, pending.array(), 0, pending.length());
        }
        AtomicInteger failed = children.failed();
        AtomicBoolean exceeded = children.exceeded();
        if (scope.stopped()) {
            scope.event("MapRunAborted", null, null);
            scope.event("MapStateAborted", null, null);
            scope.checkStopped();
        }
        JsonNode writerDetails = w == null || w.resource() == null ? null
                : writeResults(w, spill, mapRunArn, mapRunId, raw, effective, scope, jsonata, adopted);
        if (exceeded.get()) {
            String cause = "The specified tolerated failure threshold was exceeded: " + failed.get() + " of " + n
                    + " child executions failed (tolerated: " + (tolerance.byCount() ? tolerance.count() + " failures"
                            : tolerance.percent() + "%") + ")";
            scope.event("MapRunFailed", "mapRunFailedEventDetails",
                    Events.error(ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD, cause));
            scope.event("MapStateFailed", null, null);
            throw new StatesError(ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD, cause);
        }
        JsonNode formatted = w != null && writerDetails == null ? readAll(spill) : null;
        parent.mapRunDone(s.name(), rec);
        rec.discardResults();
        scope.event("MapRunSucceeded", null, null);
        scope.event("MapStateSucceeded", null, null);
        JsonNode result;
        if (writerDetails != null) {
            ObjectNode r = Json.object();
            r.put("MapRunArn", mapRunArn);
            r.set("ResultWriterDetails", writerDetails);
            result = r;
        } else if (formatted != null) {
            result = formatted;
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

    /**
     * The children's inputs: the items (streamed from the ItemReader, or ItemsPath/Items), each through ItemSelector
     * (with {@code $$.Map.Item}), then ItemBatcher; kept as compact JSON text in {@link ChildInputs} (a
     * {@link ByteStore}), so that the heap holds no tree of them while the children run.
     */
    private static ChildInputs childInputs(MapConfig c, JsonNode raw, JsonNode effective, Scope scope,
            boolean jsonata) {
        MapConfig.ItemBatcher b = c.itemBatcher();
        long itemLimit = Long.MAX_VALUE;
        long byteLimit = Long.MAX_VALUE;
        byte[] batchPrefix = null;
        if (b != null) {
            Long maxItems = Io.seconds(b.maxItemsPerBatch(), effective, scope, "MaxItemsPerBatch");
            Long maxBytes = Io.seconds(b.maxInputBytesPerBatch(), effective, scope, "MaxInputBytesPerBatch");
            itemLimit = maxItems == null ? Long.MAX_VALUE : maxItems;
            byteLimit = maxBytes == null ? 256 * 1024 : Math.min(maxBytes, 256 * 1024);
            JsonNode batchInput = b.batchInput() == null ? null
                    : jsonata ? Jsonata.template(b.batchInput(), Jsonata.states(raw, null, null, scope), scope, "BatchInput")
                    : Templates.apply(b.batchInput(), effective, scope, "BatchInput");
            batchPrefix = (batchInput == null ? "{\"Items\":[" : "{\"BatchInput\":" + Json.write(batchInput) + ",\"Items\":[")
                    .getBytes(StandardCharsets.UTF_8);
        }
        ChildInputs out = new ChildInputs(batchPrefix == null ? -1 : batchPrefix.length - 1);
        try (ItemReaders.Items items = items(c, raw, effective, scope, jsonata)) {
            JsonBytes batch = new JsonBytes(8192);
            JsonBytes json = new JsonBytes(256);
            long inBatch = 0;
            long bytes = 0;
            for (int i = 0; ; i++) {
                // with a batcher, an item is read into the batch at once (and moved on when it does not fit)
                JsonBytes into = json;
                int from = 0;
                if (b == null) {
                    json.setLength(0);
                } else {
                    if (inBatch > 0 && inBatch >= itemLimit) {
                        out.add(batch.append(BATCH_END), (int) inBatch);
                        inBatch = 0;
                    }
                    if (inBatch == 0) {
                        batch.setLength(0);
                        batch.append(batchPrefix);
                        bytes = 0;
                    } else {
                        batch.append((byte) ',');
                    }
                    into = batch;
                    from = batch.length();
                    if (c.itemSelector() == null) {
                        // compact items that fit in the batch: copied as one run of the source
                        int run = items.nextJsonRun(batch, false, (int) Math.min(Integer.MAX_VALUE, itemLimit - inBatch),
                                byteLimit - bytes);
                        if (run > 0) {
                            bytes += batch.length() - from + 1;
                            inBatch += run;
                            continue;
                        }
                    }
                }
                if (c.itemSelector() == null) {
                    if (!items.nextJson(into)) {
                        batch.setLength(Math.max(0, from - 1));
                        break;
                    }
                } else {
                    if (!items.hasNext()) {
                        batch.setLength(Math.max(0, from - 1));
                        break;
                    }
                    JsonNode item = items.next();
                    Scope itemScope = scope.nested(MapExecutor.item(i, item), scope.lastEventId());
                    into.append(Json.bytes(MapExecutor.selectItem(c.itemSelector(), MapExecutor.item(i, item), effective,
                            raw, itemScope, jsonata)));
                }
                if (b == null) {
                    out.add(json, 0);
                    continue;
                }
                long size = batch.length() - from + 1;
                if (inBatch > 0 && bytes + size > byteLimit) {
                    // too many bytes with this item: the batch ends before it, the next one starts with it
                    byte[] item = java.util.Arrays.copyOfRange(batch.array(), from, batch.length());
                    batch.setLength(from - 1);
                    out.add(batch.append(BATCH_END), (int) inBatch);
                    batch.setLength(0);
                    batch.append(batchPrefix);
                    batch.write(item, 0, item.length);
                    inBatch = 0;
                    bytes = 0;
                }
                inBatch++;
                bytes += size;
            }
            if (inBatch > 0) {
                out.add(batch.append(BATCH_END), (int) inBatch);
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    private static ItemReaders.Items items(MapConfig c, JsonNode raw, JsonNode effective, Scope scope, boolean jsonata) {
        if (c.itemReader() == null) {
            java.util.Iterator<JsonNode> it = MapExecutor.items(c, raw, effective, scope, jsonata).iterator();
            return new ItemReaders.Items(Long.MAX_VALUE, null) {
                @Override
                JsonNode read() {
                    return it.hasNext() ? it.next() : null;
                }
            };
        }
        MapConfig.ItemReader r = c.itemReader();
        JsonNode params = r.parameters() == null ? Json.object()
                : jsonata ? Jsonata.template(r.parameters(), Jsonata.states(raw, null, null, scope), scope, "ItemReader")
                : Templates.apply(r.parameters(), effective, scope, "ItemReader.Parameters");
        Long maxItems = Io.seconds(r.maxItems(), effective, scope, "MaxItems");
        return ItemReaders.open(r, params, maxItems == null || maxItems == 0 ? Long.MAX_VALUE : maxItems,
                scope.settings().itemReader());
    }

    private static JsonNode writeResults(MapConfig.ResultWriter w, ResultSpill spill, String mapRunArn,
            String mapRunId, JsonNode raw, JsonNode effective, Scope scope, boolean jsonata, boolean rewrite) {
        JsonNode params = w.parameters() == null ? Json.object()
                : jsonata ? Jsonata.template(w.parameters(), Jsonata.states(raw, null, null, scope), scope, "ResultWriter")
                : Templates.apply(w.parameters(), effective, scope, "ResultWriter.Parameters");
        String bucket = params.path("Bucket").asText("");
        String prefix = params.path("Prefix").asText("");
        String base = (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/") + mapRunId + "/";
        ObjectNode manifest = Json.object();
        manifest.put("DestinationBucket", bucket);
        manifest.put("MapRunArn", mapRunArn);
        ObjectNode files = manifest.putObject("ResultFiles");
        try {
            files.set("FAILED", write(bucket, base + "FAILED_0.json", spill, ResultSpill.FAILED, scope, rewrite));
            files.set("PENDING", write(bucket, base + "PENDING_0.json", spill, ResultSpill.PENDING, scope, rewrite));
            files.set("SUCCEEDED", write(bucket, base + "SUCCEEDED_0.json", spill, ResultSpill.SUCCEEDED, scope, rewrite));
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

    /**
     * Writes one result file when it has entries: from the heap when the spill is there, else streamed from the spill
     * through a temporary file; a redriven or resumed Map Run also empties stale ones.
     */
    private static ArrayNode write(String bucket, String key, ResultSpill spill, byte status, Scope scope,
            boolean rewrite) {
        ArrayNode entries = Json.NODES.arrayNode();
        if (!spill.any(status)) {
            if (rewrite) {
                scope.settings().resultWriter().putObject(bucket, key, "[]".getBytes(StandardCharsets.UTF_8));
            }
            return entries;
        }
        long size;
        if (spill.inMemory()) {
            Exact out = new Exact((int) spill.arrayLength(status));
            try {
                spill.writeArray(status, out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            size = out.size();
            scope.settings().resultWriter().putObject(bucket, key, out.bytes());
        } else {
            size = writeThroughFile(bucket, key, spill, status, scope);
        }
        ObjectNode e = entries.addObject();
        e.put("Key", key);
        e.put("Size", size);
        return entries;
    }

    /** A stream into an array of the size announced (no copy when it is filled exactly). */
    private static final class Exact extends java.io.ByteArrayOutputStream {
        Exact(int size) {
            super(size);
        }

        byte[] bytes() {
            return count == buf.length ? buf : toByteArray();
        }
    }

    private static long writeThroughFile(String bucket, String key, ResultSpill spill, byte status, Scope scope) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("sfnetl-result-", ".json");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 65536)) {
                spill.writeArray(status, out);
            }
            long size = Files.size(tmp);
            scope.settings().resultWriter().putObject(bucket, key, tmp);
            return size;
        } catch (IOException e) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "Cannot stage s3://" + bucket + "/" + key
                    + " in a temporary file: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    tmp.toFile().deleteOnExit();
                }
            }
        }
    }

    /** Every child's entries, in index order, as one array (a ResultWriter with only WriterConfig). */
    private static JsonNode readAll(ResultSpill spill) {
        try {
            var out = new java.io.ByteArrayOutputStream();
            spill.writeArray(ResultSpill.NONE, out);
            return Json.MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The children's inputs (compact JSON text, UTF-8) in a {@link ByteStore}: in the heap up to its memory limit, in
     * a temporary file past it, so that the heap holds none of them while the children run. Written by one thread,
     * then read once in order by one thread.
     */
    static final class ChildInputs implements AutoCloseable {
        private final ByteStore store = new ByteStore("the Distributed Map's inputs", ByteStore.MEMORY_LIMIT);
        /** Where a batch's {@code Items} array starts in its text (after the fixed prefix), or -1 without batches. */
        private final int itemsAt;
        private int[] lengths = new int[64];
        /** Per input: the number of items of a batch, else 0. */
        private int[] counts = new int[64];
        private int size;
        private int read;
        private long position;

        ChildInputs(int itemsAt) {
            this.itemsAt = itemsAt;
        }

        /** Adds an input: a batch of {@code items} items, or an item (0). */
        void add(JsonBytes json, int items) {
            store.append(json.array(), 0, json.length());
            if (size == lengths.length) {
                lengths = java.util.Arrays.copyOf(lengths, 2 * size);
                counts = java.util.Arrays.copyOf(counts, 2 * size);
            }
            counts[size] = items;
            lengths[size++] = json.length();
        }

        /** The number of items of the batch read last by {@link #next()}, or 0 (not a batch). */
        int items() {
            return itemsAt < 0 ? 0 : counts[read - 1];
        }

        /** Where a batch's {@code Items} array starts in its text. */
        int itemsAt() {
            return itemsAt;
        }

        int size() {
            return size;
        }

        /** The next input's JSON text (UTF-8). */
        byte[] next() {
            byte[] input = new byte[lengths[read++]];
            store.read(position, input, 0, input.length);
            position += input.length;
            return input;
        }

        @Override
        public void close() {
            store.close();
        }
    }

}
