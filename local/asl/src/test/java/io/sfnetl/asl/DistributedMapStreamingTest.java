package io.sfnetl.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The Distributed Map's streamed ItemReader, batching from JSON text and results spilled to the ResultWriter. */
class DistributedMapStreamingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static StateMachine machine(String writerConfig, int perBatch) {
        return machine(writerConfig, "\"MaxItemsPerBatch\": " + perBatch + ", \"BatchInput\": {\"tag\": \"é\"}");
    }

    private static StateMachine machine(String writerConfig, String batcher) {
        return StateMachine.parse("""
                {"StartAt": "M", "States": {"M": {"Type": "Map",
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                                 "Parameters": {"Bucket": "in", "Key": "items.json"}},
                  "ItemBatcher": {%s},
                  "MaxConcurrency": 2,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "P", "States": {"P": {"Type": "Pass", "OutputPath": "$.Items", "End": true}}},
                  "ResultWriter": {%s},
                  "End": true}}}""".formatted(batcher, writerConfig));
    }

    private static final String ITEMS = """
            [ {"s": "quote \\" backslash \\\\ tab \\t unicode \\u00e9 \\ud83d\\ude00", "n": null},
              [1, 2, {"deep": [true, false]}], "text", 42, -7, 12345678901234567890, 1.5, 2e3, null,
              {"a": {"b": {"c": []}}, "e": {}} ]
            """;

    @Test
    void resultWriter_itemsOfEveryKind_batchesCarryTheExactItems() {
        var store = new InMemoryObjectStore();
        store.put("in", "items.json", ITEMS);
        Execution e = Engine.builder().itemReaderSource(store).resultWriterSink(store).build()
                .start(machine("\"Resource\": \"arn:aws:states:::s3:putObject\", \"Parameters\": {\"Bucket\": \"out\"}", 3),
                        null, json("{}"))
                .await();
        assertThat(e.status()).as(e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String manifestKey = json(e.output()).path("ResultWriterDetails").path("Key").asText();
        JsonNode manifest = json(store.get("out", manifestKey).orElseThrow());
        JsonNode succeeded = json(store.get("out", manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText()).orElseThrow());
        assertThat(succeeded).hasSize(4);
        JsonNode items = json(ITEMS);
        var outputs = JSON.createArrayNode();
        for (JsonNode entry : succeeded) {
            JsonNode input = json(entry.path("Input").asText());
            assertThat(input.path("BatchInput").path("tag").asText()).isEqualTo("é");
            outputs.addAll((com.fasterxml.jackson.databind.node.ArrayNode) json(entry.path("Output").asText()));
        }
        assertThat(outputs).isEqualTo(items);
        assertThat(manifest.at("/ResultFiles/SUCCEEDED/0/Size").asLong())
                .isEqualTo(store.get("out", manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText()).orElseThrow()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void itemBatcher_maxInputBytes_itemThatDoesNotFitOpensTheNextBatch() {
        var store = new InMemoryObjectStore();
        // items of 14, 14, 49, 14 and 14 bytes (with a separator each); at most 40 bytes a batch
        store.put("in", "items.json", "[{\"id\":\"aaaa\"},{\"id\":\"bbbb\"},{\"id\":\"" + "c".repeat(39)
                + "\"},{\"id\":\"dddd\"},{\"id\":\"eeee\"}]");
        StateMachine m = machine("\"WriterConfig\": {\"Transformation\": \"COMPACT\"}",
                "\"MaxItemsPerBatch\": 3, \"MaxInputBytesPerBatch\": 40");
        Execution e = Engine.builder().itemReaderSource(store).build().start(m, null, json("{}")).await();
        assertThat(e.status()).as(e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(e.output()).toString()).isEqualTo("[[{\"id\":\"aaaa\"},{\"id\":\"bbbb\"}],[{\"id\":\""
                + "c".repeat(39) + "\"}],[{\"id\":\"dddd\"},{\"id\":\"eeee\"}]]");
    }

    @Test
    void itemBatcher_batchInputAndItems_childrenSeeTheirItems() {
        var store = new InMemoryObjectStore();
        store.put("in", "items.json", "[{\"id\":0},{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4},{\"id\":5},{\"id\":6}]");
        StateMachine m = StateMachine.parse("""
                {"StartAt": "M", "States": {"M": {"Type": "Map",
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                                 "Parameters": {"Bucket": "in", "Key": "items.json"}},
                  "ItemBatcher": {"MaxItemsPerBatch": 3, "BatchInput": {"run": "r1"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Parameters": {
                      "n.$": "States.ArrayLength($.Items)", "last.$": "$.Items[-1:]", "run.$": "$.BatchInput.run",
                      "input.$": "$$.Execution.Input"}}}},
                  "End": true}}}""");
        Execution e = Engine.builder().itemReaderSource(store).build().start(m, null, json("{}")).await();
        assertThat(e.status()).as(e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = json(e.output());
        assertThat(java.util.stream.IntStream.range(0, out.size()).mapToObj(i -> out.get(i).path("n").asInt()))
                .containsExactly(3, 3, 1);
        assertThat(java.util.stream.IntStream.range(0, out.size()).mapToObj(i -> out.get(i).path("run").asText()))
                .containsExactly("r1", "r1", "r1");
        assertThat(out.get(2).path("last").toString()).isEqualTo("[{\"id\":6}]");
        assertThat(out.get(1).path("input").toString())
                .isEqualTo("{\"BatchInput\":{\"run\":\"r1\"},\"Items\":[{\"id\":3},{\"id\":4},{\"id\":5}]}");
    }

    @Test
    void resultWriterWithoutResource_flatten_returnsItemsInOrder() {
        var store = new InMemoryObjectStore();
        store.put("in", "items.json", ITEMS);
        Execution e = Engine.builder().itemReaderSource(store).build()
                .start(machine("\"WriterConfig\": {\"Transformation\": \"FLATTEN\"}", 2), null, json("{}")).await();
        assertThat(e.status()).as(e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(e.output())).isEqualTo(json(ITEMS));
    }

    @Test
    void itemReader_truncatedJson_failsWithItemReaderFailedNamingTheObject() {
        var store = new InMemoryObjectStore();
        store.put("in", "items.json", "[{\"a\": 1}, {\"a\": ");
        Execution e = Engine.builder().itemReaderSource(store).resultWriterSink(store).build()
                .start(machine("\"Resource\": \"arn:aws:states:::s3:putObject\", \"Parameters\": {\"Bucket\": \"out\"}", 3),
                        null, json("{}"))
                .await();
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(e.cause()).contains("s3://in/items.json");
    }
}
