package io.sfnetl.etl.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidSpec;
import io.sfnetl.etl.errors.Problem;
import io.sfnetl.etl.read.SourceFormat;
import io.sfnetl.etl.testing.TestSpecs;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SpecParserTest {
    static final String ORDERS = "../samples/orders/orders.spec.json";

    static DatasetSpec orders() {
        try (InputStream in = new FileInputStream(ORDERS)) {
            return SpecParser.parse(in, ORDERS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void parse_ordersSample_bindsFormatFieldsTransformsAndTarget() {
        DatasetSpec spec = orders();

        assertThat(spec.dataset()).isEqualTo("orders");
        assertThat(spec.format().type()).isEqualTo(SourceFormat.CSV);
        assertThat(spec.format().multiline()).isTrue();
        assertThat(spec.format().encoding()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(spec.fields()).extracting(FieldSpec::name).containsExactly("order_id", "customer_id", "email",
                "order_date", "amount", "currency", "quantity", "status", "notes");
        assertThat(spec.field("email").orElseThrow().sensitive()).isTrue();
        assertThat(spec.field("quantity").orElseThrow().maxNumber()).isEqualByComparingTo(new BigDecimal(1000));
        assertThat(spec.transforms()).hasSize(4).last()
                .isEqualTo(new TransformSpec.Derive("total", "amount * quantity", FieldType.DECIMAL, 2));
        assertThat(spec.target()).isEqualTo(new TargetSpec("orders", new KeySpec("order_id", "{order_id}"), null));
        assertThat(spec.duplicates()).isEqualTo(DuplicatePolicy.LAST_WINS);
        assertThat(spec.maxRejectPercent()).isEqualTo(10.0);
        assertThat(spec.sha256()).hasSize(64);
    }

    @Test
    void parse_defaults_applied() {
        DatasetSpec spec = TestSpecs.spec("jsonl-basic.json");

        assertThat(spec.target().partitionKey().template()).isEqualTo("{id}");
        assertThat(spec.duplicates()).isEqualTo(DuplicatePolicy.LAST_WINS);
        assertThat(spec.maxRejectPercent()).isNull();
        assertThat(spec.field("name").orElseThrow().source()).isEqualTo("name");
        assertThat(spec.rules()).isEmpty();
    }

    @Test
    void sha256_sameContentDifferentKeyOrderAndSpacing_isEqual() {
        DatasetSpec a = TestSpecs.parse("{\"dataset\":\"d\",\"format\":{\"type\":\"jsonl\"},"
                + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}],\"target\":{\"table\":\"ttt\",\"partitionKey\":{\"name\":\"id\"}}}");
        DatasetSpec b = TestSpecs.parse("{ \"target\": {\"partitionKey\":{\"name\":\"id\"},\"table\":\"ttt\"},\n"
                + "\"fields\":[{\"type\":\"string\",\"name\":\"id\"}], \"format\":{\"type\":\"jsonl\"}, \"dataset\":\"d\"}");
        DatasetSpec c = TestSpecs.parse(a.canonicalJson().replace("\"ttt\"", "\"tt2\""));

        assertThat(a.sha256()).isEqualTo(b.sha256()).isNotEqualTo(c.sha256());
    }

    @Test
    void parse_ruleBySimpleOrFullName_resolvesClass() {
        DatasetSpec spec = TestSpecs.spec("csv-basic.json",
                t -> t.putArray("rules").add("io.sfnetl.etl.rules.testing.MaxTotalRule"));

        assertThat(spec.rules()).containsExactly("io.sfnetl.etl.rules.testing.MaxTotalRule");
    }

    // ---- invalid specs: each problem with its JSON location ----

    @Test
    void parse_notJson_failsWithLineAndColumn() {
        assertThatThrownBy(() -> TestSpecs.parse("{\"dataset\": \"x\",, }"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("not valid JSON at line 1")
                .satisfies(e -> assertThat(((InvalidSpec) e).problems()).extracting(Problem::location).containsExactly(""));
    }

    @Test
    void parse_emptyDocument_fails() {
        assertThatThrownBy(() -> TestSpecs.parse("  ")).isInstanceOf(InvalidSpec.class).hasMessageContaining("empty");
    }

    @Test
    void parse_missingRequiredProperty_reportsRoot() {
        assertInvalid(t -> t.remove("dataset"), "", "dataset");
    }

    @Test
    void parse_unknownFieldType_reportsTypeLocation() {
        assertInvalid(t -> TestSpecs.field(t, 1).put("type", "text"), "/fields/1/type", "enum");
    }

    @Test
    void parse_unknownProperty_reportsItsLocation() {
        assertInvalid(t -> TestSpecs.format(t).put("delimeter", ";"), "/format/delimeter", "delimeter");
    }

    @Test
    void parse_duplicateFieldNames_reportsSecond() {
        assertInvalid(t -> TestSpecs.field(t, 2).put("name", "id"), "/fields/2/name", "declared twice");
    }

    @Test
    void parse_badRegex_reportsPattern() {
        assertInvalid(t -> TestSpecs.field(t, 1).put("pattern", "^[a-z"), "/fields/1/pattern",
                "not a valid regular expression");
    }

    @Test
    void parse_badDateFormat_reportsFormatEntry() {
        assertInvalid(t -> {
            TestSpecs.field(t, 3).put("type", "date");
            TestSpecs.field(t, 3).putArray("formats").add("iso").add("dd/MM/yyyy 'unclosed");
        }, "/fields/3/formats/1", "not a valid date/time pattern");
    }

    @Test
    void parse_formatsOnStringField_reported() {
        assertInvalid(t -> TestSpecs.field(t, 1).putArray("formats").add("yyyy"), "/fields/1/formats",
                "date and timestamp fields only");
    }

    @Test
    void parse_badZone_reportsZone() {
        assertInvalid(t -> {
            TestSpecs.field(t, 3).put("type", "timestamp");
            TestSpecs.field(t, 3).put("zone", "Mars/Olympus");
        }, "/fields/3/zone", "unknown time zone");
    }

    @Test
    void parse_minGreaterThanMax_reportsMin() {
        assertInvalid(t -> TestSpecs.field(t, 0).put("min", 10).put("max", 5), "/fields/0/min",
                "min 10 is greater than max 5");
    }

    @Test
    void parse_minOnStringField_reported() {
        assertInvalid(t -> TestSpecs.field(t, 1).put("min", 3), "/fields/1/min", "use minLength/maxLength");
    }

    @Test
    void parse_minLengthGreaterThanMaxLength_reported() {
        assertInvalid(t -> TestSpecs.field(t, 1).put("minLength", 5).put("maxLength", 2), "/fields/1/minLength",
                "greater than maxLength");
    }

    @Test
    void parse_transformOnUnknownField_reportsField() {
        assertInvalid(t -> t.putArray("transforms").addObject().put("op", "cast").put("field", "nope").put("to", "string"),
                "/transforms/0/field", "unknown field 'nope'");
    }

    @Test
    void parse_transformAfterRename_usesNewName() {
        assertInvalid(t -> {
            var ts = t.putArray("transforms");
            ts.addObject().put("op", "rename").put("field", "name").put("to", "full_name");
            ts.addObject().put("op", "trim").putArray("fields").add("name");
        }, "/transforms/1/fields/0", "unknown field 'name'");
    }

    @Test
    void parse_badJsonata_reportsExpression() {
        assertInvalid(t -> t.putArray("transforms").addObject().put("op", "derive").put("field", "x")
                .put("expression", "id * ("), "/transforms/0/expression", "not a valid JSONata expression");
    }

    @Test
    void parse_transformMissingProperty_reportsTransform() {
        assertInvalid(t -> t.putArray("transforms").addObject().put("op", "rename").put("field", "id"),
                "/transforms/0", "to");
    }

    @Test
    void parse_keyTemplateUnknownField_reportsTemplate() {
        assertInvalid(t -> ((ObjectNode) t.get("target").get("partitionKey")).put("template", "{id}#{day}"),
                "/target/partitionKey/template", "unknown field 'day'");
    }

    @Test
    void parse_keyTemplateUnclosedBrace_reportsTemplate() {
        assertInvalid(t -> ((ObjectNode) t.get("target").get("partitionKey")).put("template", "{id"),
                "/target/partitionKey/template", "unclosed '{'");
    }

    @Test
    void parse_keyWithoutTemplateNotAField_reportsName() {
        assertInvalid(t -> ((ObjectNode) t.get("target")).putObject("sortKey").put("name", "sk"),
                "/target/sortKey/name", "unknown field 'sk'");
    }

    @Test
    void parse_unknownRuleClass_reportsRule() {
        assertInvalid(t -> t.putArray("rules").add("com.example.Missing"), "/rules/0", "not on the class path");
    }

    @Test
    void parse_ruleClassNotRowRule_reportsRule() {
        assertInvalid(t -> t.putArray("rules").add("io.sfnetl.etl.rules.testing.NotARule"), "/rules/0",
                "does not implement io.sfnetl.etl.rules.RowRule");
    }

    @Test
    void parse_csvWithoutHeaderOrColumns_reportsColumns() {
        assertInvalid(t -> TestSpecs.format(t).put("header", false), "/format/columns", "needs format.columns");
    }

    @Test
    void parse_sameQuoteAndDelimiter_reportsQuote() {
        assertInvalid(t -> TestSpecs.format(t).put("quote", ","), "/format/quote", "must differ");
    }

    @Test
    void parse_unsupportedEncoding_reportsEncoding() {
        assertInvalid(t -> TestSpecs.format(t).put("encoding", "UTF-16"), "/format/encoding", "enum");
    }

    @Test
    void parse_maxRejectPercentOutOfRange_reported() {
        assertInvalid(t -> t.put("maxRejectPercent", 150), "/maxRejectPercent", "100");
    }

    @Test
    void parse_manyProblems_reportsEveryOneWithLocation() {
        ObjectNode t = TestSpecs.tree("csv-basic.json");
        TestSpecs.field(t, 0).put("type", "number");
        TestSpecs.field(t, 1).put("pattern", "(");
        t.putArray("rules").add("com.example.Missing");
        ((ObjectNode) t.get("target").get("partitionKey")).put("template", "{nope}");

        assertThatThrownBy(() -> TestSpecs.parse(t.toString()))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("4 problems")
                .satisfies(e -> assertThat(((InvalidSpec) e).problems()).extracting(Problem::location)
                        .containsExactly("/fields/0/type", "/fields/1/pattern", "/rules/0",
                                "/target/partitionKey/template"));
    }

    private static void assertInvalid(Consumer<ObjectNode> change, String location, String fragment) {
        ObjectNode t = TestSpecs.tree("csv-basic.json");
        change.accept(t);
        assertThatThrownBy(() -> TestSpecs.parse(t.toString()))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((InvalidSpec) e).problems())
                        .as("problems: %s", ((InvalidSpec) e).problems())
                        .anySatisfy(p -> {
                            assertThat(p.location()).isEqualTo(location);
                            assertThat(p.message()).contains(fragment);
                        }));
    }
}
