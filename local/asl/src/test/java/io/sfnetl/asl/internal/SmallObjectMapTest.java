package io.sfnetl.asl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The map behind small scanned objects behaves as the LinkedHashMap of Jackson's own trees. */
class SmallObjectMapTest {
    private static JsonNode scanned(String json) throws Exception {
        return JsonScanner.tree(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void put_newAndRepeatedNames_keepInsertionOrderAndTakeTheLastValue() {
        SmallObjectMap m = new SmallObjectMap(1);
        LinkedHashMap<String, JsonNode> expected = new LinkedHashMap<>();
        for (String k : new String[] {"b", "a", "c", "a", "d"}) {
            JsonNode v = Json.NODES.textNode(k + expected.size());
            assertThat(m.put(k, v)).isEqualTo(expected.put(k, v));
        }
        assertThat(m).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(m.keySet()).containsExactly("b", "a", "c", "d");
        assertThat(m.remove("a")).isEqualTo(expected.remove("a"));
        assertThat(m.remove("zz")).isNull();
        assertThat(m.keySet()).containsExactly("b", "c", "d");
        assertThat(m.get("c")).isEqualTo(expected.get("c"));
        assertThat(m.containsKey("a")).isFalse();
    }

    @Test
    void entrySet_removeAndSetValue_writeThrough() {
        SmallObjectMap m = new SmallObjectMap(2);
        m.put("x", Json.NODES.numberNode(1));
        m.put("y", Json.NODES.numberNode(2));
        m.put("z", Json.NODES.numberNode(3));
        var it = m.entrySet().iterator();
        it.next().setValue(Json.NODES.numberNode(10));
        it.next();
        it.remove();
        assertThat(it.next().getKey()).isEqualTo("z");
        assertThat(it.hasNext()).isFalse();
        assertThat(m).containsExactly(Map.entry("x", Json.NODES.numberNode(10)), Map.entry("z", Json.NODES.numberNode(3)));
        var again = m.entrySet().iterator();
        m.put("w", Json.NODES.nullNode());
        assertThatThrownBy(again::next).isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void tree_smallAndLargeObjects_equalJacksonsTreesAndStayMutable() throws Exception {
        StringBuilder large = new StringBuilder("{");
        for (int i = 0; i < SmallObjectMap.MAX_BUILT + 3; i++) {
            large.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        String json = "{\"Items\":[{\"id\":1,\"id\":2,\"s\":\"x\"}," + large.append('}') + ",[]],\"e\":{}}";
        JsonNode tree = scanned(json);
        assertThat(tree).isEqualTo(Json.MAPPER.readTree(json));
        assertThat(Json.write(tree)).isEqualTo(Json.write(Json.MAPPER.readTree(json)));
        ObjectNode item = (ObjectNode) tree.path("Items").path(0);
        item.put("new", true);
        item.remove("s");
        assertThat(Json.write(item)).isEqualTo("{\"id\":2,\"new\":true}");
        assertThat(item.deepCopy()).isEqualTo(item);
    }
}
