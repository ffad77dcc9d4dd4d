package io.sfnetl.etl.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.internal.Json;
import io.sfnetl.etl.testing.TestSpecs;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RowTransformerTest {

    /** csv-basic.json (fields id, name, email, note; pk "{id}") with the given transforms. */
    static DatasetSpec spec(Consumer<ArrayNode> transforms) {
        return TestSpecs.spec("csv-basic.json", t -> transforms.accept(t.putArray("transforms")));
    }

    static ObjectNode row() {
        ObjectNode r = Json.object();
        r.put("id", 7L);
        r.put("name", "  Ann Lee ");
        r.put("email", "Ann@Example.COM");
        r.put("note", new BigDecimal("2.50"));
        return r;
    }

    static ObjectNode ok(DatasetSpec spec, ObjectNode row) {
        Transformed t = RowTransformer.of(spec).transform(row);
        assertThat(t).isInstanceOf(Transformed.Ok.class);
        return ((Transformed.Ok) t).item();
    }

    static List<String> failed(DatasetSpec spec, ObjectNode row) {
        Transformed t = RowTransformer.of(spec).transform(row);
        assertThat(t).isInstanceOf(Transformed.Failed.class);
        return ((Transformed.Failed) t).reasons();
    }

    @Test
    void transform_noTransforms_copiesRowAndSetsKey() {
        ObjectNode in = row();
        ObjectNode item = ok(spec(ts -> { }), in);

        assertThat(item.get("pk").textValue()).isEqualTo("7");
        assertThat(in.has("pk")).as("input untouched").isFalse();
    }

    @Test
    void transform_trimAllStrings_stripsWhitespace() {
        assertThat(ok(spec(ts -> ts.addObject().put("op", "trim")), row()).get("name").textValue()).isEqualTo("Ann Lee");
    }

    @Test
    void transform_caseUpperAndLower_changesNamedFields() {
        ObjectNode item = ok(spec(ts -> {
            ts.addObject().put("op", "case").put("to", "lower").putArray("fields").add("email");
            ts.addObject().put("op", "case").put("to", "upper").putArray("fields").add("name");
        }), row());

        assertThat(item.get("email").textValue()).isEqualTo("ann@example.com");
        assertThat(item.get("name").textValue()).isEqualTo("  ANN LEE ");
    }

    @Test
    void transform_rename_movesValue() {
        ObjectNode item = ok(spec(ts -> ts.addObject().put("op", "rename").put("field", "name").put("to", "full_name")),
                row());

        assertThat(item.has("name")).isFalse();
        assertThat(item.get("full_name").textValue()).isEqualTo("  Ann Lee ");
    }

    @Test
    void transform_casts_convertTypes() {
        ObjectNode item = ok(spec(ts -> {
            ts.addObject().put("op", "cast").put("field", "id").put("to", "string");
            ts.addObject().put("op", "cast").put("field", "note").put("to", "string");
        }), row());

        assertThat(item.get("id").isTextual()).isTrue();
        assertThat(item.get("note").textValue()).isEqualTo("2.50");
    }

    @Test
    void transform_castFractionToInteger_fails() {
        assertThat(failed(spec(ts -> ts.addObject().put("op", "cast").put("field", "note").put("to", "integer")), row()))
                .containsExactly("transform 0 (cast 'note' to integer): 2.50 has a fraction and cannot become an integer");
    }

    @Test
    void transform_castTextToDecimal_failsOnGarbage() {
        assertThat(failed(spec(ts -> ts.addObject().put("op", "cast").put("field", "name").put("to", "decimal")), row()))
                .singleElement().asString().contains("is not a number");
    }

    @Test
    void transform_default_setsOnlyMissing() {
        DatasetSpec spec = spec(ts -> {
            ts.addObject().put("op", "default").put("field", "note").put("value", "n/a");
            ts.addObject().put("op", "default").put("field", "country").put("value", "FR");
        });
        ObjectNode r = row();
        r.remove("note");

        ObjectNode item = ok(spec, r);

        assertThat(item.get("note").textValue()).isEqualTo("n/a");
        assertThat(item.get("country").textValue()).isEqualTo("FR");
        assertThat(ok(spec, row()).get("note").decimalValue()).isEqualTo(new BigDecimal("2.50"));
    }

    @Test
    void transform_deriveJsonata_exactDecimalResult() {
        DatasetSpec spec = spec(ts -> ts.addObject().put("op", "derive").put("field", "total")
                .put("expression", "note * 3").put("type", "decimal").put("scale", 2));

        assertThat(ok(spec, row()).get("total").decimalValue()).isEqualTo(new BigDecimal("7.50"));
    }

    @Test
    void transform_deriveString_concatenates() {
        DatasetSpec spec = spec(ts -> ts.addObject().put("op", "derive").put("field", "label")
                .put("expression", "$trim(name) & ' <' & $lowercase(email) & '>'"));

        assertThat(ok(spec, row()).get("label").textValue()).isEqualTo("Ann Lee <ann@example.com>");
    }

    @Test
    void transform_deriveTypeError_failsWithJsonataMessage() {
        DatasetSpec spec = spec(ts -> ts.addObject().put("op", "derive").put("field", "x").put("expression", "name * 2"));

        assertThat(failed(spec, row())).singleElement().asString()
                .startsWith("transform 0 (derive 'x'): JSONata 'name * 2' failed")
                .contains("must evaluate to a number");
    }

    @Test
    void transform_drop_removesFields() {
        ObjectNode item = ok(spec(ts -> ts.addObject().put("op", "drop").putArray("fields").add("email")), row());

        assertThat(item.has("email")).isFalse();
    }

    @Test
    void transform_compositeKeys_renderedFromTemplates() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json", t -> {
            ObjectNode target = (ObjectNode) t.get("target");
            target.putObject("partitionKey").put("name", "PK").put("template", "CUST#{name}#{{x}}");
            target.putObject("sortKey").put("name", "SK").put("template", "{note}#{id}");
        });
        RowTransformer transformer = RowTransformer.of(spec);

        ObjectNode item = ((Transformed.Ok) transformer.transform(row())).item();

        assertThat(item.get("PK").textValue()).isEqualTo("CUST#  Ann Lee #{x}");
        assertThat(item.get("SK").textValue()).isEqualTo("2.50#7");
        assertThat(transformer.keyOf().sortKeyName()).contains("SK");
        assertThat(transformer.keyOf().dedupKey(item)).isEqualTo("CUST#  Ann Lee #{x}\u00002.50#7");
        assertThat(transformer.keyOf().partitionKeyValue(item)).isEqualTo("CUST#  Ann Lee #{x}");
    }

    @Test
    void transform_keyFieldMissing_fails() {
        ObjectNode r = row();
        r.remove("id");

        assertThat(failed(spec(ts -> { }), r)).containsExactly(
                "target key: key template '{id}' needs field 'id', which is missing or null in this row");
    }

    @Test
    void keyOf_missingField_throwsWithTemplate() {
        KeyOf keyOf = KeyOf.of(spec(ts -> { }));

        assertThatThrownBy(() -> keyOf.partitionKeyValue(Json.object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs field 'id'");
    }

    @Test
    void transform_manyThreads_sameResults() throws Exception {
        DatasetSpec spec = spec(ts -> ts.addObject().put("op", "derive").put("field", "total")
                .put("expression", "id * 2"));
        RowTransformer transformer = RowTransformer.of(spec);
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<Long>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long id = i;
                results.add(pool.submit(() -> {
                    ObjectNode r = row();
                    r.put("id", id);
                    return ((Transformed.Ok) transformer.transform(r)).item().get("total").longValue();
                }));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(results.get(i).get()).isEqualTo(2L * i);
            }
        }
    }

    @Test
    void transform_deriveWithScale_sameValueAsRoundingTheUnscaledResult() {
        // the scaled derive skips JSONata's 15-digit rounding and the normalisation when they cannot change the value
        DatasetSpec scaled = spec(ts -> {
            ts.addObject().put("op", "derive").put("field", "t").put("expression", "note * id").put("type", "decimal")
                    .put("scale", 2);
            ts.addObject().put("op", "derive").put("field", "s").put("expression", "note - id").put("scale", 3);
        });
        DatasetSpec plain = spec(ts -> {
            ts.addObject().put("op", "derive").put("field", "t").put("expression", "note * id").put("type", "decimal");
            ts.addObject().put("op", "derive").put("field", "s").put("expression", "note - id");
        });
        java.util.Random random = new java.util.Random(3);
        List<String> notes = List.of("0", "0.000", "-0.005", "19.99", "2064.43", "1E+3", "12345678901234.5678",
                "0.0000001", "99999999999999", "-7.125", "123456789012345678901234567890");
        for (int k = 0; k < 5_000; k++) {
            ObjectNode r = row();
            String note = k < notes.size() ? notes.get(k)
                    : new BigDecimal(java.math.BigInteger.valueOf(random.nextLong() % 10_000_000_000L), random.nextInt(8) - 2)
                            .toString();
            r.put("note", new BigDecimal(note));
            r.put("id", k % 3 == 0 ? random.nextLong() : random.nextInt(2000) - 1000);
            ObjectNode fast = ok(scaled, r);
            ObjectNode slow = ok(plain, r);
            assertThat(fast.get("t").decimalValue()).as("note %s id %s", note, r.get("id"))
                    .isEqualTo(slow.get("t").decimalValue().setScale(2, java.math.RoundingMode.HALF_EVEN));
            assertThat(fast.get("s").decimalValue()).as("note %s id %s", note, r.get("id"))
                    .isEqualTo(slow.get("s").decimalValue().setScale(3, java.math.RoundingMode.HALF_EVEN));
        }
    }

    @Test
    void transform_deriveOnLongAndDecimalValues_sameResultsAsOnIntNodes() {
        // Long and BigDecimal row values take a direct path; int nodes (as read back from JSON) the node path
        DatasetSpec spec = spec(ts -> {
            ts.addObject().put("op", "derive").put("field", "t").put("expression", "note * id").put("scale", 2);
            ts.addObject().put("op", "derive").put("field", "p").put("expression", "note + id");
            ts.addObject().put("op", "derive").put("field", "m").put("expression", "id - note");
            ts.addObject().put("op", "derive").put("field", "q").put("expression", "note / id");
        });
        java.util.Random random = new java.util.Random(9);
        for (int k = 0; k < 3_000; k++) {
            int id = k == 0 ? Integer.MAX_VALUE : random.nextInt(1000) + 1;
            id = random.nextBoolean() ? id : -id;
            int whole = k == 0 ? Integer.MAX_VALUE : random.nextInt();
            ObjectNode viaInts = row();
            ObjectNode viaLongs = row();
            viaInts.put("id", id);
            viaLongs.put("id", (long) id);
            if (k % 2 == 0) {
                viaInts.put("note", whole);
                viaLongs.put("note", (long) whole);
            } else {
                BigDecimal note = BigDecimal.valueOf(random.nextLong() % 1_000_000_000L, random.nextInt(6));
                viaInts.put("note", note);
                viaLongs.put("note", note);
            }
            ObjectNode direct = ok(spec, viaLongs);
            ObjectNode nodes = ok(spec, viaInts);
            for (String derived : List.of("t", "p", "m", "q")) {
                assertThat(direct.get(derived)).as("%s: id %s note %s", derived, id, viaInts.get("note"))
                        .isNotNull().isEqualTo(nodes.get(derived));
            }
        }
    }

    @Test
    void transform_deriveArithmeticFastPath_matchesJsonataRounding() {
        DatasetSpec spec = spec(ts -> {
            ts.addObject().put("op", "derive").put("field", "q").put("expression", "note / id");
            ts.addObject().put("op", "derive").put("field", "q2").put("expression", "(note / id)");
            ts.addObject().put("op", "derive").put("field", "n").put("expression", "id*id");
        });

        ObjectNode item = ok(spec, row());

        assertThat(item.get("q").decimalValue()).isEqualTo(new BigDecimal("0.357142857142857"));
        assertThat(item.get("q2").decimalValue()).isEqualTo(item.get("q").decimalValue());
        assertThat(item.get("n").longValue()).isEqualTo(49L);
    }

    @Test
    void transform_deriveWithMissingOperand_leavesFieldUnset() {
        DatasetSpec spec = spec(ts -> ts.addObject().put("op", "derive").put("field", "t").put("expression", "id * note"));
        ObjectNode r = row();
        r.remove("note");

        assertThat(ok(spec, r).has("t")).isFalse();
    }

    @Test
    void transform_deriveArithmeticOnText_failsThroughJsonata() {
        DatasetSpec spec = spec(ts -> ts.addObject().put("op", "derive").put("field", "t").put("expression", "name + id"));

        assertThat(failed(spec, row())).singleElement().asString().contains("must evaluate to a number");
    }
}
