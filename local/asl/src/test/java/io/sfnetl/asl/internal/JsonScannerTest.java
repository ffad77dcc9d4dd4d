package io.sfnetl.asl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ItemReader's JSON array scanner and the JSON text buffer: byte for byte what Jackson gives. */
class JsonScannerTest {
    private static final String EVERY_KIND = """
            \uFEFF [ {"id": 1, "name" : "plain"}, {"s": "quote \\" backslash \\\\ tab \\t \\u00e9 \\ud83d\\ude00 \\/"},
              {"utf8": "é 😀"}, [1, 2, {"deep": [true, false, null]}], "text", 42, -7, 0, -0, 12345678901234567890,
              123456789012345678, 1.5, 2e3, -0.0, 1E-2, {"n": 1.50, "m": [1e2, -3]}, null, true, false, [], {}, [[]],
              {"a": {"b": {"c": []}}, "e": {}}, {"dup": 1, "dup": 2}, "", {"": ""} ]
            """;

    /** What the ItemReader gave before the scanner: a streaming copy per element, by Jackson. */
    private static List<String> jackson(String json) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.createParser(json.getBytes(StandardCharsets.UTF_8))) {
            p.nextToken();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                out.add(ItemReaders.copy(p, t));
            }
        }
        return out;
    }

    private static List<String> scanned(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        JsonScanner s = JsonScanner.open(in, new InputStream[1]);
        JsonBytes b = new JsonBytes(1);
        while (s.next(b)) {
            out.add(b.toString());
            b.setLength(0);
        }
        return out;
    }

    /** A stream that returns one byte per read: every element crosses buffer refills. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void next_itemsOfEveryKind_textIsJacksonsStreamingCopy() throws IOException {
        List<String> expected = jackson(EVERY_KIND);
        byte[] bytes = EVERY_KIND.getBytes(StandardCharsets.UTF_8);
        assertThat(scanned(new ByteArrayInputStream(bytes))).containsExactlyElementsOf(expected).hasSize(26);
        assertThat(scanned(trickle(bytes))).containsExactlyElementsOf(expected);
        assertThat(expected.get(0)).isEqualTo("{\"id\":1,\"name\":\"plain\"}");
    }

    @Test
    void nextRun_compactItemsBetweenOthers_sameTextAsOneByOne() throws IOException {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 5_000; i++) {
            // mostly compact items, with spaced, escaped and decimal ones that runs leave to next()
            json.append(i == 0 ? "" : i % 97 == 0 ? " , " : ",").append(i % 89 == 0 ? "{\"s\":\"a\\\"b\"}"
                    : i % 83 == 0 ? "1.5" : "{\"id\":" + i + ",\"t\":[true,null]}");
        }
        byte[] bytes = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
        String expected = String.join(",", jackson(json.toString()));
        for (InputStream in : List.of(new ByteArrayInputStream(bytes), trickle(bytes))) {
            JsonScanner s = JsonScanner.open(in, new InputStream[1]);
            JsonBytes out = new JsonBytes(16);
            int items = 0;
            int runs = 0;
            while (true) {
                int n = s.nextRun(out, items > 0, 7, 200);
                if (n > 0) {
                    items += n;
                    runs++;
                    continue;
                }
                int before = out.length();
                if (items > 0) {
                    out.append((byte) ',');
                }
                if (!s.next(out)) {
                    out.setLength(before);
                    break;
                }
                items++;
            }
            assertThat(out.toString()).isEqualTo(expected);
            assertThat(items).isEqualTo(5_000);
            if (in instanceof ByteArrayInputStream && !(in.getClass().isAnonymousClass())) {
                assertThat(runs).isGreaterThan(500);
            }
        }
    }

    @Test
    void nextTree_itemsOfEveryKind_sameTreesAsJackson() throws IOException {
        JsonNode all = Json.MAPPER.readTree(EVERY_KIND.substring(1));
        JsonScanner s = JsonScanner.open(new ByteArrayInputStream(EVERY_KIND.getBytes(StandardCharsets.UTF_8)),
                new InputStream[1]);
        List<JsonNode> trees = new ArrayList<>();
        for (JsonNode n = s.nextTree(); n != null; n = s.nextTree()) {
            trees.add(n);
        }
        assertThat(trees).containsExactlyElementsOf(all::elements);
    }

    @Test
    void tree_fastSubsetAndOthers_sameTreesAsJackson() throws IOException {
        JsonNode all = Json.MAPPER.readTree(EVERY_KIND.substring(1));
        for (JsonNode item : all) {
            byte[] text = Json.bytes(item);
            JsonNode tree = JsonScanner.tree(text);
            assertThat(tree).as(Json.write(item)).isEqualTo(Json.MAPPER.readTree(text));
            assertThat(tree.getClass()).as(Json.write(item)).isEqualTo(Json.MAPPER.readTree(text).getClass());
        }
        String batch = "{\"BatchInput\":{\"n\":-2147483649},\"Items\":[{\"id\":2147483647},{\"id\":2}," +
                "{\"id\":3,\"id\":4}]}";
        assertThat(JsonScanner.tree(batch.getBytes(StandardCharsets.UTF_8))).isEqualTo(Json.MAPPER.readTree(batch))
                .hasToString(Json.write(Json.MAPPER.readTree(batch)));
        assertThatThrownBy(() -> JsonScanner.tree("{\"a\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void next_largeAndDeepItems_crossTheBuffer() throws IOException {
        String big = "x".repeat(200_000);
        String deep = "[".repeat(300) + "]".repeat(300);
        String json = "[{\"big\":\"" + big + "\"}, " + deep + ", 1]";
        assertThat(scanned(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .containsExactlyElementsOf(jackson(json));
    }

    @Test
    void open_notAnArray_handsEveryByteBack() throws IOException {
        InputStream[] rest = new InputStream[1];
        assertThat(JsonScanner.open(new ByteArrayInputStream("  {\"a\": 1}".getBytes(StandardCharsets.UTF_8)), rest))
                .isNull();
        assertThat(new String(rest[0].readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("  {\"a\": 1}");
    }

    @Test
    void next_truncatedItem_failsLikeJackson() {
        assertThatThrownBy(() -> scanned(new ByteArrayInputStream("[{\"a\": 1}, {\"a\": ".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("end-of-input");
    }

    @Test
    void next_missingComma_failsNamingTheItemAndOffset() {
        assertThatThrownBy(() -> scanned(new ByteArrayInputStream("[1, 2 3]".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("after item 1, found '3'")
                .hasMessageContaining("byte offset 6");
    }

    @Test
    void next_invalidTokens_fail() {
        for (String bad : List.of("[1,]", "[tru]", "[{\"a\" 1}]", "[01]", "[\"open]", "[1", "[{\"a\":1}x]", "[-]")) {
            assertThatThrownBy(() -> scanned(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))))
                    .as(bad).isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void string_everyEscapeAndNonAscii_isWhatJacksonWrites() {
        var sb = new StringBuilder("plain \" \\ / é 😀 \u2028 \u007f");
        for (char c = 0; c < 0x20; c++) {
            sb.append(c);
        }
        for (String s : List.of(sb.toString(), "", "ascii only", "\"", "x".repeat(5000) + "\n")) {
            JsonBytes b = new JsonBytes(1).string(s);
            assertThat(b.toString()).isEqualTo(Json.write(TextNode.valueOf(s)));
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertThat(new JsonBytes(1).string(utf8, 0, utf8.length).toString()).isEqualTo(b.toString());
        }
    }
}
