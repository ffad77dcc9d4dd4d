package io.sfnetl.etl.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidSpec;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.internal.Json;
import io.sfnetl.etl.testing.Records;
import io.sfnetl.etl.testing.TestSpecs;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowValidatorTest {
    private static final DatasetSpec TYPED = TestSpecs.spec("typed.json");
    private static final RowValidator VALIDATOR = RowValidator.of(TYPED);
    private static final Map<String, String> GOOD = good();

    private static Map<String, String> good() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("s", "abc");
        v.put("i", "42");
        v.put("d", "19.990");
        v.put("b", "true");
        v.put("dt", "2024-02-29");
        v.put("ts", "2024-01-31T12:00:00Z");
        v.put("e", "A");
        v.put("r", "x");
        return v;
    }

    /** A CSV record of spec typed.json with good values, changed by {@code overrides} (null = column absent). */
    static SourceRecord csv(String... overrides) {
        return Records.csv(GOOD, overrides);
    }

    static ObjectNode valid(SourceRecord r) {
        Validation v = VALIDATOR.validate(r);
        assertThat(v).isInstanceOf(Validation.Valid.class);
        return ((Validation.Valid) v).row();
    }

    static List<String> reasons(SourceRecord r) {
        Validation v = VALIDATOR.validate(r);
        assertThat(v).as("expected Invalid for %s", r.csvValues()).isInstanceOf(Validation.Invalid.class);
        return ((Validation.Invalid) v).reasons();
    }

    @Test
    void validate_goodRow_typesEveryField() {
        ObjectNode row = valid(csv());

        assertThat(row.get("s").textValue()).isEqualTo("abc");
        assertThat(row.get("i").isLong()).isTrue();
        assertThat(row.get("i").longValue()).isEqualTo(42);
        assertThat(row.get("d").isBigDecimal()).isTrue();
        assertThat(row.get("d").decimalValue()).isEqualTo(new BigDecimal("19.990"));
        assertThat(row.get("b").booleanValue()).isTrue();
        assertThat(row.get("dt").textValue()).isEqualTo("2024-02-29");
        assertThat(row.get("ts").textValue()).isEqualTo("2024-01-31T12:00:00Z");
        assertThat(row.get("e").textValue()).isEqualTo("A");
    }

    @Test
    void validate_alternativeFormatsAndZone_normalizes() {
        ObjectNode row = valid(csv("dt", "31/12/2029", "ts", "2024-07-01 10:00:00", "b", " No "));

        assertThat(row.get("dt").textValue()).isEqualTo("2029-12-31");
        assertThat(row.get("ts").textValue()).isEqualTo("2024-07-01T08:00:00Z"); // Europe/Paris, summer time
        assertThat(row.get("b").booleanValue()).isFalse();
    }

    @Test
    void validate_epochMillisTimestamp_accepted() {
        assertThat(valid(csv("ts", "0")).get("ts").textValue()).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void validate_optionalEmpty_omitsField() {
        ObjectNode row = valid(csv("s", "", "i", " ", "ts", null));

        assertThat(row.has("s")).isFalse();
        assertThat(row.has("i")).isFalse();
        assertThat(row.has("ts")).isFalse();
    }

    @Test
    void validate_requiredMissingOrEmpty_rejected() {
        assertThat(reasons(csv("r", ""))).containsExactly("field 'r': is required but empty");
        assertThat(reasons(csv("r", null))).containsExactly("field 'r': is required but missing");
    }

    @Test
    void validate_badInteger_rejected() {
        assertThat(reasons(csv("i", "4.5"))).containsExactly("field 'i': '4.5' is not an integer");
        assertThat(reasons(csv("i", "12abc"))).containsExactly("field 'i': '12abc' is not an integer");
    }

    @Test
    void validate_hugeInteger_isBigIntegerThenOutOfRange() {
        assertThat(reasons(csv("i", "123456789012345678901234567890")))
                .containsExactly("field 'i': '123456789012345678901234567890' is greater than max 1000");
    }

    @Test
    void validate_badDecimal_rejected() {
        assertThat(reasons(csv("d", "1,5"))).containsExactly("field 'd': '1,5' is not a decimal number");
        assertThat(reasons(csv("d", "NaN"))).containsExactly("field 'd': 'NaN' is not a decimal number");
    }

    @Test
    void validate_numberDynamoDbCannotStore_rejectedWithItsBounds() {
        String bounds = " cannot be stored as a DynamoDB number (at most 38 significant digits, magnitude from 1E-130"
                + " to 9.9999999999999999999999999999999999999E+125)";
        String digits39 = "0.123456789012345678901234567890123456789";
        String nines40 = "9".repeat(40);
        for (String bad : new String[] {"1e126", "1E-131", digits39, "1e99999999", "-1e999999999"}) {
            assertThat(reasons(csv("d", bad))).as(bad).containsExactly("field 'd': '" + bad + "'" + bounds);
        }
        assertThat(reasons(csv("i", nines40))).containsExactly("field 'i': '" + nines40 + "'" + bounds);
        // at the bounds, and long texts whose zeros are not significant: valid (or only out of the spec's range)
        for (String ok : new String[] {"1E-130", digits39.substring(0, 40), "1.5" + "0".repeat(60), "0.0",
            "9.9999999999999999999999999999999999999E-1"}) {
            assertThat(valid(csv("d", ok)).get("d").decimalValue()).as(ok).isEqualByComparingTo(new java.math.BigDecimal(ok));
        }
        assertThat(reasons(csv("d", "9.9999999999999999999999999999999999999E+125")))
                .singleElement().asString().endsWith("is greater than max 99.99");
        assertThat(reasons(csv("i", "1" + "0".repeat(100)))).singleElement().asString().endsWith("is greater than max 1000");
        assertThat(valid(csv("d", "1" + "0".repeat(2000) + "e-2000")).get("d").decimalValue())   // 1, judged from its bits
                .isEqualByComparingTo("1");
        assertThat(reasons(csv("d", "1" + "3".repeat(2000) + "e-2000"))).singleElement().asString().endsWith(bounds);
    }

    @Test
    void validate_jsonNumberOfHugeExponent_rejectedInItsShortForm() {
        DatasetSpec spec = io.sfnetl.etl.testing.TestSpecs.parse("""
                {"dataset":"jj","format":{"type":"jsonl"},"fields":[{"name":"d","type":"decimal"}],
                 "target":{"table":"things","partitionKey":{"name":"pk","template":"{d}"}}}""");
        List<SourceRecord> records = io.sfnetl.etl.testing.Records.readAll(spec,
                "{\"d\":1e999999999}\n{\"d\":1.5e-3}\n");
        RowValidator v = RowValidator.of(spec);

        assertThat(((Validation.Invalid) v.validate(records.get(0))).reasons()).singleElement().asString()
                .startsWith("field 'd': '1E+999999999' cannot be stored as a DynamoDB number");
        assertThat(((Validation.Valid) v.validate(records.get(1))).row().get("d").decimalValue())
                .isEqualByComparingTo("0.0015");
    }

    @Test
    void validate_badBoolean_rejected() {
        assertThat(reasons(csv("b", "maybe"))).containsExactly(
                "field 'b': 'maybe' is not a boolean (use true/false, yes/no, 1/0)");
    }

    @Test
    void validate_badDates_rejected() {
        assertThat(reasons(csv("dt", "2023-02-29"))).containsExactly(
                "field 'dt': '2023-02-29' is not a date in [yyyy-MM-dd, dd/MM/yyyy]");
        assertThat(reasons(csv("dt", "tomorrow"))).hasSize(1);
    }

    @Test
    void validate_badTimestamp_rejected() {
        assertThat(reasons(csv("ts", "2024-13-01T00:00:00Z"))).singleElement().asString()
                .contains("is not a timestamp in [iso, yyyy-MM-dd HH:mm:ss, epochMillis]");
    }

    @Test
    void validate_outOfRange_rejectedWithBound() {
        assertThat(reasons(csv("i", "0"))).containsExactly("field 'i': '0' is less than min 1");
        assertThat(reasons(csv("i", "1001"))).containsExactly("field 'i': '1001' is greater than max 1000");
        assertThat(reasons(csv("d", "-0.01"))).containsExactly("field 'd': '-0.01' is less than min 0");
        assertThat(reasons(csv("d", "100"))).containsExactly("field 'd': '100' is greater than max 99.99");
        assertThat(reasons(csv("dt", "1999-12-31"))).containsExactly(
                "field 'dt': '1999-12-31' is less than min 2000-01-01");
    }

    @Test
    void validate_patternMismatch_rejected() {
        assertThat(reasons(csv("s", "ABC"))).containsExactly("field 's': 'ABC' does not match pattern ^[a-z]+$");
    }

    @Test
    void validate_lengthBounds_rejected() {
        assertThat(reasons(csv("s", "a"))).containsExactly("field 's': 'a' is shorter than minLength 2 (1 characters)");
        assertThat(reasons(csv("s", "abcdef"))).containsExactly(
                "field 's': 'abcdef' is longer than maxLength 5 (6 characters)");
    }

    @Test
    void validate_enumMismatch_rejected() {
        assertThat(reasons(csv("e", "C"))).containsExactly("field 'e': 'C' is not one of [A, B]");
        assertThat(reasons(csv("e", "a"))).hasSize(1);
    }

    @Test
    void validate_dayFirstFormatShapedLikeIso_normalizesToIso() {
        DatasetSpec spec = TestSpecs.spec("typed.json",
                t -> TestSpecs.field(t, 4).putArray("formats").add("yyyy-dd-MM"));

        Validation v = RowValidator.of(spec).validate(csv("dt", "2024-12-01"));

        assertThat(v).isInstanceOf(Validation.Valid.class);
        assertThat(((Validation.Valid) v).row().get("dt").textValue()).isEqualTo("2024-01-12");
    }

    @Test
    void validate_enumIgnoreCase_accepts() {
        DatasetSpec spec = TestSpecs.spec("typed.json", t -> TestSpecs.field(t, 6).put("ignoreCase", true));

        assertThat(RowValidator.of(spec).validate(csv("e", "b"))).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void validate_manyBadFields_reportsEveryReason() {
        assertThat(reasons(csv("s", "X", "i", "x", "d", "y", "b", "z", "dt", "q", "e", "Z", "r", "")))
                .hasSize(8); // s: pattern + minLength; ts is fine
    }

    @Test
    void validate_malformedRecord_rejectedWithParseError() {
        SourceRecord bad = new SourceRecord(5, 9, 3, "a,\"b", null, null, "malformed CSV: unterminated");

        assertThat(VALIDATOR.validate(bad)).isEqualTo(new Validation.Invalid(List.of("malformed CSV: unterminated")));
    }

    @Test
    void validate_sensitiveField_neverQuotesValue() {
        DatasetSpec spec = TestSpecs.spec("typed.json", t -> TestSpecs.field(t, 0).put("sensitive", true));

        Validation v = RowValidator.of(spec).validate(csv("s", "SECRE"));

        assertThat(((Validation.Invalid) v).reasons()).singleElement().asString()
                .doesNotContain("SECRE").contains("the value (sensitive, not shown)");
    }

    @Test
    void validate_jsonSourceWithPointerAndNumbers_types() throws Exception {
        DatasetSpec spec = TestSpecs.spec("jsonl-basic.json");
        JsonNode json = Json.MAPPER.readTree("{\"id\":12345678901234567890,\"name\":7,\"address\":{\"city\":\"Oslo\"}}");

        Validation v = RowValidator.of(spec).validate(new SourceRecord(0, 1, 1, "", null, json, null));

        ObjectNode row = ((Validation.Valid) v).row();
        assertThat(row.get("id").bigIntegerValue()).isEqualTo(new BigInteger("12345678901234567890"));
        assertThat(row.get("name").textValue()).isEqualTo("7");
        assertThat(row.get("city").textValue()).isEqualTo("Oslo");
    }

    @Test
    void validate_jsonObjectWhereScalarExpected_rejected() throws Exception {
        DatasetSpec spec = TestSpecs.spec("jsonl-basic.json");
        JsonNode json = Json.MAPPER.readTree("{\"id\":{\"x\":1}}");

        Validation v = RowValidator.of(spec).validate(new SourceRecord(0, 1, 1, "", null, json, null));

        assertThat(v).isEqualTo(new Validation.Invalid(List.of("field 'id': is an object, not a integer")));
    }

    @Test
    void validate_customRule_addsItsReasonsOnlyWhenFieldsPass() {
        DatasetSpec spec = SpecOrders.withRule("io.sfnetl.etl.rules.testing.MaxTotalRule");
        RowValidator v = RowValidator.of(spec);

        assertThat(v.validate(SpecOrders.record("amount", "5000", "quantity", "3")))
                .isEqualTo(new Validation.Invalid(List.of("rule MaxTotalRule: amount * quantity = 15000 is over 10000")));
        assertThat(v.validate(SpecOrders.record("amount", "10", "quantity", "3"))).isInstanceOf(Validation.Valid.class);
        assertThat(v.validate(SpecOrders.record("amount", "x", "quantity", "3")))
                .isEqualTo(new Validation.Invalid(List.of("field 'amount': 'x' is not a decimal number")));
    }

    @Test
    void validate_ruleThrows_becomesReason() {
        RowValidator v = RowValidator.of(SpecOrders.withRule("io.sfnetl.etl.rules.testing.ExplodingRule"));

        assertThat(((Validation.Invalid) v.validate(SpecOrders.record())).reasons()).singleElement().asString()
                .contains("rule io.sfnetl.etl.rules.testing.ExplodingRule failed").contains("boom");
    }

    @Test
    void of_ruleClassVanished_failsWithInvalidSpec() {
        DatasetSpec spec = SpecOrders.withRule("io.sfnetl.etl.rules.testing.MaxTotalRule");
        DatasetSpec broken = new DatasetSpec(spec.dataset(), spec.format(), spec.fields(), List.of("com.example.Gone"),
                spec.transforms(), spec.target(), spec.duplicates(), null, spec.canonicalJson(), spec.sha256());

        assertThatThrownBy(() -> RowValidator.of(broken))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("/rules/0")
                .hasMessageContaining("com.example.Gone is not on the class path");
    }

    @Test
    void validate_dateInvalidInFirstFormat_triesTheOthers() {
        DatasetSpec spec = TestSpecs.spec("typed.json", t -> TestSpecs.field(t, 4).putArray("formats")
                .add("yyyy-MM-dd").add("yyyy-dd-MM"));

        Validation v = RowValidator.of(spec).validate(csv("dt", "2024-31-12"));

        assertThat(((Validation.Valid) v).row().get("dt").textValue()).isEqualTo("2024-12-31");
    }
}
