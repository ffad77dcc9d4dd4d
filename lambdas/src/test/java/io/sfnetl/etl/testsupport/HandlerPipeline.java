package io.sfnetl.etl.testsupport;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.lambda.FinalizeHandler;
import io.sfnetl.etl.lambda.JsonHandler;
import io.sfnetl.etl.lambda.LoadHandler;
import io.sfnetl.etl.lambda.PrepareHandler;
import io.sfnetl.etl.lambda.TransformHandler;
import io.sfnetl.etl.lambda.ValidateHandler;
import io.sfnetl.etl.storage.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handlers called as the state machine calls them (JSON maps in and out): Prepare, then per chunk of the manifest
 * Validate/Transform/Load with continuations, the Map's ResultWriter output, Finalize.
 */
public final class HandlerPipeline {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private final EtlFixture fx;

    public HandlerPipeline(EtlFixture fx) {
        this.fx = fx;
    }

    /** Prepare with {@code input} (a JSON object). */
    public Map<String, Object> prepare(Map<String, Object> input) {
        return new PrepareHandler(fx.s3, fx.dynamo, fx.config).handleRequest(input, FakeContext.unlimited());
    }

    /** Prepare, every chunk, Finalize with the ResultWriter manifest; returns Finalize's output. */
    public Map<String, Object> run(Map<String, Object> input) throws Exception {
        Map<String, Object> prepared = prepare(input);
        String run = (String) prepared.get("run");
        return new FinalizeHandler(fx.s3, fx.dynamo, fx.config).handleRequest(Map.of("run", run, "results",
                writeResults(run, runAllChunks(prepared))), FakeContext.unlimited());
    }

    public static Map<String, Object> map(Object o) {
        return Json.MAPPER.convertValue(o, MAP);
    }

    /** Runs one chunk through the three stage handlers as the child state machine would; returns Load's output. */
    public Map<String, Object> runChunk(JsonNode item) {
        Map<String, Object> out = loop(new ValidateHandler(fx.s3, fx.dynamo, fx.config), map(item));
        out = loop(new TransformHandler(fx.s3, fx.dynamo, fx.config), nextStage(item, out));
        return loop(new LoadHandler(fx.s3, fx.dynamo, fx.config), nextStage(item, out));
    }

    private static Map<String, Object> nextStage(JsonNode item, Map<String, Object> previous) {
        Map<String, Object> in = map(item);
        in.put("read", previous.get("written"));
        in.put("counts", previous.get("counts"));
        in.put("rejected", previous.get("rejected"));
        return in;
    }

    private static Map<String, Object> loop(JsonHandler handler, Map<String, Object> first) {
        Map<String, Object> out = handler.handleRequest(first, FakeContext.runningOutAfter(300));
        while (!Boolean.TRUE.equals(out.get("done"))) {
            Map<String, Object> again = new LinkedHashMap<>(first);
            again.put("cursor", out.get("cursor"));
            again.put("counts", out.get("counts"));
            again.put("written", out.get("written"));
            again.put("rejected", out.get("rejected"));
            out = handler.handleRequest(again, FakeContext.runningOutAfter(300));
        }
        return out;
    }

    public List<Map<String, Object>> runAllChunks(Map<String, Object> prepared) {
        @SuppressWarnings("unchecked")
        Map<String, Object> manifest = (Map<String, Object>) prepared.get("manifest");
        JsonNode items;
        try {
            items = Json.MAPPER.readTree(fx.s3.getObjectAsBytes(r -> r.bucket((String) manifest.get("bucket"))
                    .key((String) manifest.get("key"))).asByteArray());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        items.forEach(item -> results.add(runChunk(item)));
        return results;
    }

    /** Writes the results as a Distributed Map ResultWriter does and returns the Map state's output. */
    public Map<String, Object> writeResults(String run, List<Map<String, Object>> results) throws Exception {
        String prefix = "results/" + run + "/map-run-1/";
        ArrayNode succeeded = Json.MAPPER.createArrayNode();
        for (Map<String, Object> r : results) {
            ObjectNode e = succeeded.addObject();
            e.put("ExecutionArn", "arn:aws:states:us-east-1:000000000000:execution:etl/Map:" + r.get("chunk"));
            e.put("Status", "SUCCEEDED");
            e.put("Input", "{\"chunk\":\"" + r.get("chunk") + "\"}");
            e.put("Output", Json.MAPPER.writeValueAsString(r));
        }
        fx.put(prefix + "SUCCEEDED_0.json", Json.MAPPER.writeValueAsBytes(succeeded));
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("DestinationBucket", fx.bucket);
        manifest.put("MapRunArn", "arn:aws:states:us-east-1:000000000000:mapRun:etl/Map:map-run-1");
        ObjectNode files = manifest.putObject("ResultFiles");
        files.putArray("FAILED");
        files.putArray("PENDING");
        files.putArray("SUCCEEDED").addObject().put("Key", prefix + "SUCCEEDED_0.json").put("Size", 1);
        fx.put(prefix + "manifest.json", Json.MAPPER.writeValueAsBytes(manifest));
        return Map.of("MapRunArn", "arn", "ResultWriterDetails", Map.of("Bucket", fx.bucket, "Key",
                prefix + "manifest.json"));
    }
}
