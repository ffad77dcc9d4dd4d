package io.sfnetl.etl.stage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.StagingKeys;
import io.sfnetl.etl.testing.TestSpecs;
import io.sfnetl.etl.transform.KeyOf;
import org.junit.jupiter.api.Test;

class TypedRowsTest {
    private static final DatasetSpec SPEC = TestSpecs.parse("""
            {"dataset": "orders", "format": {"type": "csv", "header": true},
             "fields": [
               {"name": "id", "type": "integer", "required": true},
               {"name": "who", "type": "string", "required": true, "sensitive": true},
               {"name": "amount", "type": "decimal"},
               {"name": "paid", "type": "boolean"},
               {"name": "day", "type": "date"},
               {"name": "at", "type": "timestamp"}],
             "target": {"table": "orders", "partitionKey": {"name": "pk", "template": "ORDER#{id}"},
                        "sortKey": {"name": "sk", "template": "{day}"}}}
            """);

    private static ObjectNode row(String json) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    @Test
    void checkTyped_canonicalRow_hasNoReasons() throws Exception {
        assertThat(TypedRows.checkTyped(SPEC, row("""
                {"id": 7, "who": "A", "amount": 1.50, "paid": true, "day": "2026-11-23", "at": "2026-11-23T05:00:00Z"}
                """))).isEmpty();
    }

    @Test
    void checkTyped_valuesOfTheWrongKind_namesEachFieldButNeverASensitiveValue() throws Exception {
        assertThat(TypedRows.checkTyped(SPEC, row("""
                {"id": "7", "who": 5, "amount": "1.50", "paid": "yes", "day": "23/11/2026", "at": "yesterday"}
                """))).containsExactly(
                "field 'id': a typed row holds integer as a JSON integer, not \"7\"",
                "field 'who': a typed row holds string as a JSON string",
                "field 'amount': a typed row holds decimal as a JSON number, not \"1.50\"",
                "field 'paid': a typed row holds boolean as true or false, not \"yes\"",
                "field 'day': a typed row holds date as an ISO date string (YYYY-MM-DD), not \"23/11/2026\"",
                "field 'at': a typed row holds timestamp as an ISO-8601 instant string (2024-01-31T12:00:00Z), not "
                        + "\"yesterday\"");
    }

    @Test
    void checkTyped_requiredFieldMissing_isAReason() throws Exception {
        assertThat(TypedRows.checkTyped(SPEC, row("{\"who\": \"A\"}")))
                .containsExactly("field 'id': required but missing in the typed row");
    }

    @Test
    void composeKey_correctedField_replacesTheStaleKeyAttributes() throws Exception {
        ObjectNode item = row("{\"id\": 8, \"day\": \"2026-11-24\", \"pk\": \"ORDER#7\", \"sk\": \"old\"}");

        assertThat(TypedRows.composeKey(KeyOf.of(SPEC), item)).isEmpty();

        assertThat(item.get("pk").asText()).isEqualTo("ORDER#8");
        assertThat(item.get("sk").asText()).isEqualTo("2026-11-24");
    }

    @Test
    void composeKey_keyFieldMissing_isATargetKeyReason() throws Exception {
        assertThat(TypedRows.composeKey(KeyOf.of(SPEC), row("{\"day\": \"2026-11-24\"}")))
                .singleElement().asString().startsWith("target key: ").contains("needs field 'id'");
    }

    @Test
    void isItems_onlyTheItemsPseudoStageOfStaging() {
        assertThat(StagingKeys.isItems(StagingKeys.staging("r", "00001", StagingKeys.ITEMS, 0, "req"))).isTrue();
        assertThat(StagingKeys.isItems(StagingKeys.staging("r", "00001", "validate", 0, "req"))).isFalse();
        assertThat(StagingKeys.isItems(StagingKeys.rejects("r", "00001", StagingKeys.ITEMS, 0, "req"))).isFalse();
    }
}
