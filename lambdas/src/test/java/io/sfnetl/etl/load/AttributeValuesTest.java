package io.sfnetl.etl.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.storage.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AttributeValuesTest {
    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void item_decimals_exactTextWithScale() throws Exception {
        Map<String, AttributeValue> item = AttributeValues.item(json(
                "{\"a\":10.50,\"b\":0.1,\"c\":123456789012345678901234567890.123456789,\"d\":-7}"));
        assertThat(item.get("a").n()).isEqualTo("10.50");
        assertThat(item.get("b").n()).isEqualTo("0.1");
        assertThat(item.get("c").n()).isEqualTo("123456789012345678901234567890.123456789");
        assertThat(item.get("d").n()).isEqualTo("-7");
    }

    @Test
    void item_scalarsAndNesting_mapped() throws Exception {
        Map<String, AttributeValue> item = AttributeValues.item(json(
                "{\"s\":\"x\",\"t\":true,\"n\":null,\"l\":[1,\"y\"],\"m\":{\"k\":false,\"e\":\"\"}}"));
        assertThat(item.get("s").s()).isEqualTo("x");
        assertThat(item.get("t").bool()).isTrue();
        assertThat(item.get("n").nul()).isTrue();
        assertThat(item.get("l").l()).containsExactly(AttributeValue.fromN("1"), AttributeValue.fromS("y"));
        assertThat(item.get("m").m()).containsEntry("k", AttributeValue.fromBool(false))
                .containsEntry("e", AttributeValue.fromS(""));
    }

    @Test
    void item_notAnObject_fails() {
        assertThatThrownBy(() -> AttributeValues.item(json("[1]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an item must be a JSON object, was ARRAY");
    }
}
