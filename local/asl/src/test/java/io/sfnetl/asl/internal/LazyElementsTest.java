package io.sfnetl.asl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A child input's arrays, left as text until their elements are used: the same trees Jackson builds. */
class LazyElementsTest {
    private static final String BATCH = "{\"BatchInput\":{\"k\":[1,2]},\"Items\":[{\"id\":1,\"s\":\"a]\\\"[b\"},"
            + "[[],{}],\"x,y\",-5,{\"n\":[1,{\"m\":\"}\"}]},null,true],\"Empty\":[ ],\"Text\":\"é\"}";

    private static JsonNode lazy(String json) throws Exception {
        return JsonScanner.lazyTree(json.getBytes(StandardCharsets.UTF_8));
    }

    private static LazyElements elements(JsonNode array) throws Exception {
        var f = ArrayNode.class.getDeclaredField("_children");
        f.setAccessible(true);
        return (LazyElements) f.get(array);
    }

    @Test
    void lazyTree_batch_countsItemsWithoutBuildingThem() throws Exception {
        JsonNode tree = lazy(BATCH.replace(",\"Text\":\"é\"", ""));
        JsonNode items = tree.path("Items");
        assertThat(items.size()).isEqualTo(7);
        assertThat(tree.path("Empty").size()).isZero();
        assertThat(tree.path("BatchInput").path("k").size()).isEqualTo(2);
        assertThat(elements(items).built()).isFalse();
        assertThat(items.get(0).path("s").asText()).isEqualTo("a]\"[b");
        assertThat(elements(items).built()).isTrue();
    }

    @Test
    void lazyTree_knownItemsArray_takesItsSizeWithoutReadingIt() throws Exception {
        String batch = "{\"BatchInput\":{\"k\":[1]},\"Items\":[{\"id\":1},[2,3],\"x\"]}";
        byte[] text = batch.getBytes(StandardCharsets.UTF_8);
        JsonNode tree = JsonScanner.lazyTree(text, batch.indexOf("[{"), text.length - 1, 3);
        assertThat(tree.path("Items").size()).isEqualTo(3);
        assertThat(elements(tree.path("Items")).built()).isFalse();
        assertThat(tree).isEqualTo(Json.MAPPER.readTree(batch));
        assertThat(Json.write(tree)).isEqualTo(batch);
    }

    @Test
    void lazyTree_anyText_equalsJacksonsTreeAndWritesTheSame() throws Exception {
        for (String json : List.of(BATCH, BATCH.replace(",\"Text\":\"é\"", ""), "[1,[2,3]]", "{\"a\":[]}")) {
            JsonNode expected = Json.MAPPER.readTree(json);
            assertThat(lazy(json)).as(json).isEqualTo(expected);
            assertThat(expected).as(json).isEqualTo(lazy(json));
            assertThat(Json.write(lazy(json))).as(json).isEqualTo(Json.write(expected));
            assertThat(lazy(json).hashCode()).as(json).isEqualTo(expected.hashCode());
        }
    }

    @Test
    void lazyElements_changed_buildsThenChangesTheList() throws Exception {
        ArrayNode items = (ArrayNode) lazy(BATCH).path("Items");
        items.add(42);
        items.remove(0);
        assertThat(items.size()).isEqualTo(7);
        assertThat(items.get(6).asInt()).isEqualTo(42);
        assertThat(items.get(0).isArray()).isTrue();
    }

    @Test
    void lazyElements_readConcurrently_buildsOneList() throws Exception {
        for (int round = 0; round < 20; round++) {
            JsonNode items = lazy(BATCH).path("Items");
            var pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<JsonNode>> firsts = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    firsts.add(pool.submit((Callable<JsonNode>) () -> items.get(0)));
                }
                for (Future<JsonNode> f : firsts) {
                    assertThat(f.get()).isSameAs(firsts.get(0).get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
