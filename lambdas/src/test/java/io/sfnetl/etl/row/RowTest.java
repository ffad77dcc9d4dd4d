package io.sfnetl.etl.row;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.spec.internal.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowTest {
    private static final RowLayout LAYOUT = RowLayout.of(List.of("a", "b", "c", "d"));

    @Test
    void setRemoveSet_sameOrderAndValuesAsAnObjectNode() {
        Row row = new Row(LAYOUT);
        ObjectNode node = Json.object();
        row.set(2, "x");
        node.put("c", "x");
        row.set(0, 1L);
        node.put("a", 1L);
        row.set(3, new BigDecimal("2.50"));
        node.put("d", new BigDecimal("2.50"));
        row.set(2, "y");                 // replaces in place
        node.put("c", "y");
        assertThat(row.remove(0)).isEqualTo(1L);
        node.remove("a");
        assertThat(row.remove(1)).isNull();
        row.set(0, Json.NODES.booleanNode(true)); // re-added: now last
        node.put("a", true);

        assertThat(row.toNode()).isEqualTo(node);
        List<String> names = new ArrayList<>();
        row.toNode().fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("c", "d", "a");
        assertThat(row.size()).isEqualTo(3);
        assertThat(row.get("b")).isNull();
        assertThat(row.get("nope")).isNull();
    }

    @Test
    void of_namesOutsideTheLayout_extendItAndCopyTheTree() throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree("{\"z\":{\"k\":1},\"a\":\"t\",\"i\":3,\"l\":12345678901}");
        Row row = Row.of(LAYOUT, node);
        assertThat(LAYOUT.compatible(row.layout())).isTrue();
        assertThat(row.layout().slot("z")).isEqualTo(4);
        assertThat(row.toNode()).isEqualTo(node);
        assertThat(row.get("i")).isEqualTo(Json.NODES.numberNode(3)); // an int node stays one
        assertThat(row.get("l")).isEqualTo(12345678901L);
        ((ObjectNode) node.get("z")).put("k", 2);
        assertThat(row.toNode().get("z").get("k").intValue()).isEqualTo(1);
    }

    @Test
    void compatible_otherNamesOrShorter_false() {
        assertThat(LAYOUT.compatible(RowLayout.of(List.of("a", "b", "c", "d")))).isTrue();
        assertThat(LAYOUT.compatible(RowLayout.of(List.of("a", "b", "c")))).isFalse();
        assertThat(LAYOUT.compatible(RowLayout.of(List.of("a", "b", "d", "c")))).isFalse();
    }
}
