package io.sfnetl.asl.intrinsics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.StatesError;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Expected values come from the worked examples of the Step Functions developer guide, "Intrinsic functions". */
class IntrinsicsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Evaluates against {@code input} ($...) with a context {"Execution":{"Id":"exec-1"}} ($$...) and variable $v = 7. */
    private static JsonNode eval(String expression, String input) {
        JsonNode in = json(input);
        JsonNode ctx = json("{\"Execution\":{\"Id\":\"exec-1\",\"Input\":{\"start\":2,\"end\":6,\"step\":2}}}");
        return Intrinsics.evaluate(expression, path -> {
            if (path.startsWith("$$")) {
                return ctx.at(pointer(path.substring(2)));
            }
            if (path.startsWith("$v")) {
                return JSON.getNodeFactory().numberNode(7);
            }
            return in.at(pointer(path.substring(1)));
        });
    }

    private static String pointer(String dotted) {
        return dotted.isEmpty() ? "" : dotted.replace('.', '/');
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(String expression, String input) {
        return assertThatThrownBy(() -> eval(expression, input))
                .isInstanceOf(StatesError.class)
                .satisfies(e -> assertThat(((StatesError) e).error()).isEqualTo(ErrorNames.INTRINSIC_FAILURE));
    }

    // --- isIntrinsic / syntax -------------------------------------------------------------------------------

    @Test
    void isIntrinsic_callsButNotPaths_detected() {
        assertThat(Intrinsics.isIntrinsic("States.Array($.Id)")).isTrue();
        assertThat(Intrinsics.isIntrinsic("  States.UUID()")).isTrue();
        assertThat(Intrinsics.isIntrinsic("States.Nope(")).isTrue();
        assertThat(Intrinsics.isIntrinsic("$.States.Array")).isFalse();
        assertThat(Intrinsics.isIntrinsic("States.Array")).isFalse();
        assertThat(Intrinsics.isIntrinsic(null)).isFalse();
    }

    @Test
    void syntaxErrors_wellFormedNested_empty() {
        assertThat(Intrinsics.syntaxErrors(
                "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit($.Arn, '/'), 2), $$.Execution.Id)")).isEmpty();
    }

    @Test
    void syntaxErrors_unknownFunction_listsFunctions() {
        assertThat(Intrinsics.syntaxErrors("States.Concat('a', 'b')"))
                .singleElement().asString().contains("unknown intrinsic function States.Concat", "States.Format");
    }

    @Test
    void syntaxErrors_wrongArity_named() {
        assertThat(Intrinsics.syntaxErrors("States.ArrayRange(1, 5)"))
                .singleElement().asString().contains("States.ArrayRange takes 3 arguments, found 2");
        assertThat(Intrinsics.syntaxErrors("States.UUID(1)"))
                .singleElement().asString().contains("States.UUID takes 0 arguments, found 1");
    }

    @Test
    void syntaxErrors_literalOfWrongType_named() {
        assertThat(Intrinsics.syntaxErrors("States.ArrayLength('abc')"))
                .singleElement().asString().contains("argument 1 must be an array, found a string");
        assertThat(Intrinsics.syntaxErrors("States.MathAdd(States.UUID(), 1)"))
                .singleElement().asString().contains("argument 1 must be a number, found a string");
    }

    @Test
    void syntaxErrors_malformedText_reportColumn() {
        assertThat(Intrinsics.syntaxErrors("States.Format('abc', $.x")).singleElement().asString().contains("missing ')'");
        assertThat(Intrinsics.syntaxErrors("States.Format('abc)")).singleElement().asString().contains("unterminated string");
        assertThat(Intrinsics.syntaxErrors("States.Format(\"abc\")")).singleElement().asString().contains("single quotes");
        assertThat(Intrinsics.syntaxErrors("States.Array(1) x")).singleElement().asString().contains("unexpected text 'x'");
        assertThat(Intrinsics.syntaxErrors("States.Array(1 2)")).singleElement().asString().contains("(at column 16)");
        assertThat(Intrinsics.syntaxErrors("States.Base64Decode('YWJj\\nZA==')")).singleElement().asString()
                .contains("invalid escape '\\n'");
    }

    @Test
    void syntaxErrors_hashAlgorithmDeepMergeAndFormatCount_reported() {
        assertThat(Intrinsics.syntaxErrors("States.Hash($.d, 'SHA-2')")).singleElement().asString().contains("SHA-2");
        assertThat(Intrinsics.syntaxErrors("States.JsonMerge($.a, $.b, true)")).singleElement().asString().contains("shallow");
        assertThat(Intrinsics.syntaxErrors("States.Format('{}.{}.{}', $.a, $.b)"))
                .singleElement().asString().contains("3 {} placeholder(s) but 2 value argument(s)");
        assertThat(Intrinsics.syntaxErrors("States.Format('a { b', $.a)")).singleElement().asString().contains("unmatched '{'");
    }

    @Test
    void syntaxErrors_elevenNestedCalls_rejected() {
        String ten = "States.Array(".repeat(10) + "1" + ")".repeat(10);
        String eleven = "States.Array(".repeat(11) + "1" + ")".repeat(11);
        assertThat(Intrinsics.syntaxErrors(ten)).isEmpty();
        assertThat(Intrinsics.syntaxErrors(eleven)).singleElement().asString().contains("more than 10 nested");
    }

    @Test
    void pathArguments_nested_listedInOrder() {
        assertThat(Intrinsics.pathArguments("States.Format('{} {}', $.a['x,y'], States.Array($$.Execution.Id, $v))"))
                .containsExactly("$.a['x,y']", "$$.Execution.Id", "$v");
        assertThat(Intrinsics.pathArguments("States.Array($.a[?(@.b > 1)], $.c[)"))
                .containsExactly("$.a[?(@.b > 1)]", "$.c[");
    }

    // --- each function ---------------------------------------------------------------------------------------

    @Test
    void format_docExample_replacesPlaceholder() {
        assertThat(eval("States.Format('Hello, my name is {}.', $.name)", "{\"name\":\"Arnav\"}").textValue())
                .isEqualTo("Hello, my name is Arnav.");
    }

    @Test
    void format_scalars_naturalRepresentationAndNullLiteral() {
        assertThat(eval("States.Format('{}|{}|{}|{}|{}', 'x', 2, true, null, 3.5)", "{}").textValue())
                .isEqualTo("x|2|true|null|3.5");
    }

    @Test
    void format_escapedBracesQuotesAndBackslash_literal() {
        assertThat(eval("States.Format('\\{\\} {} \\'q\\' a\\\\b', $.a)", "{\"a\":\"v\"}").textValue())
                .isEqualTo("{} v 'q' a\\b");
    }

    @Test
    void format_templateFromPath_used() {
        assertThat(eval("States.Format($.t, $.n)", "{\"t\":\"Hello {}\",\"n\":\"Ada\"}").textValue()).isEqualTo("Hello Ada");
    }

    @Test
    void format_objectArgument_fails() {
        assertFails("States.Format('{}', $.o)", "{\"o\":{\"a\":1}}")
                .hasMessageContaining("Invalid arguments in States.Format").hasMessageContaining("JsonToString");
    }

    @Test
    void format_placeholderCountMismatch_fails() {
        assertFails("States.Format('{} {}', $.a)", "{\"a\":1}").hasMessageContaining("2 {} placeholder(s) but 1");
    }

    @Test
    void stringToJson_docExample_parses() {
        assertThat(eval("States.StringToJson($.escapedJsonString)", "{\"escapedJsonString\":\"{\\\"foo\\\": \\\"bar\\\"}\"}"))
                .isEqualTo(json("{\"foo\":\"bar\"}"));
    }

    @Test
    void stringToJson_invalidJson_fails() {
        assertFails("States.StringToJson('{oops')", "{}").hasMessageContaining("not valid JSON");
        assertFails("States.StringToJson($.n)", "{\"n\":123}").hasMessageContaining("must be a string");
        assertThat(eval("States.StringToJson('')", "{}").isNull()).isTrue();
    }

    @Test
    void jsonToString_docExample_compactJson() {
        assertThat(eval("States.JsonToString($.unescapedJson)", "{\"unescapedJson\":{\"foo\":\"bar\"}}").textValue())
                .isEqualTo("{\"foo\":\"bar\"}");
    }

    @Test
    void array_docExample_wrapsArguments() {
        assertThat(eval("States.Array($.Id)", "{\"Id\":123456}")).isEqualTo(json("[123456]"));
        assertThat(eval("States.Array()", "{}")).isEqualTo(json("[]"));
        assertThat(eval("States.Array('a', 1, true, null, $v)", "{}")).isEqualTo(json("[\"a\",1,true,null,7]"));
    }

    @Test
    void arrayPartition_docExample_lastChunkShorter() {
        assertThat(eval("States.ArrayPartition($.inputArray, 4)", "{\"inputArray\":[1,2,3,4,5,6,7,8,9]}"))
                .isEqualTo(json("[[1,2,3,4],[5,6,7,8],[9]]"));
    }

    @Test
    void arrayPartition_zeroChunk_fails() {
        assertFails("States.ArrayPartition($.a, 0.49)", "{\"a\":[1]}").hasMessageContaining("positive integer");
    }

    @Test
    void arrayContains_docExample_trueAndNumbersByValue() {
        assertThat(eval("States.ArrayContains($.inputArray, $.lookingFor)", "{\"inputArray\":[1,2,3,4,5,6,7,8,9],\"lookingFor\":5}")
                .booleanValue()).isTrue();
        assertThat(eval("States.ArrayContains($.a, 1.0)", "{\"a\":[1]}").booleanValue()).isTrue();
        assertThat(eval("States.ArrayContains($.a, $.o)", "{\"a\":[{\"x\":[1]}],\"o\":{\"x\":[2]}}").booleanValue()).isFalse();
    }

    @Test
    void arrayRange_docExampleAndDirections() {
        assertThat(eval("States.ArrayRange(1, 9, 2)", "{}")).isEqualTo(json("[1,3,5,7,9]"));
        assertThat(eval("States.ArrayRange(5, 1, -2)", "{}")).isEqualTo(json("[5,3,1]"));
        assertThat(eval("States.ArrayRange(5, 1, 1)", "{}")).isEqualTo(json("[]"));
        assertThat(eval("States.ArrayRange(3, 3, -1)", "{}")).isEqualTo(json("[3]"));
        assertThat(eval("States.ArrayRange(1.6, 1.4, 1)", "{}")).isEqualTo(json("[1]"));
        assertThat(eval("States.ArrayRange($$.Execution.Input.start, $$.Execution.Input.end, $$.Execution.Input.step)", "{}"))
                .isEqualTo(json("[2,4,6]"));
    }

    @Test
    void arrayRange_limit1000_enforced() {
        assertThat(eval("States.ArrayRange(1, 1000, 1)", "{}")).hasSize(1000);
        assertFails("States.ArrayRange(1, 1001, 1)", "{}").hasMessageContaining("1001 elements; at most 1000");
        assertFails("States.ArrayRange(1, 10, 0)", "{}").hasMessageContaining("step must not be 0");
        assertFails("States.ArrayRange('a', 5, 1)", "{}").hasMessageContaining("Invalid arguments in States.ArrayRange");
    }

    @Test
    void arrayGetItem_docExample_andOutOfBounds() {
        assertThat(eval("States.ArrayGetItem($.inputArray, $.index)", "{\"inputArray\":[1,2,3,4,5,6,7,8,9],\"index\":5}").intValue())
                .isEqualTo(6);
        assertFails("States.ArrayGetItem($.a, 3)", "{\"a\":[1,2,3]}").hasMessageContaining("index 3 is out of bounds");
        assertFails("States.ArrayGetItem($.a, -1)", "{\"a\":[1,2,3]}").hasMessageContaining("index -1 is out of bounds");
        // As observed on AWS: fractional indexes truncate, and an empty array yields null.
        assertThat(eval("States.ArrayGetItem($.a, 1.2)", "{\"a\":[10,20,30]}").intValue()).isEqualTo(20);
        assertThat(eval("States.ArrayGetItem($.a, 999)", "{\"a\":[]}").isNull()).isTrue();
    }

    @Test
    void arrayLength_docExample() {
        assertThat(eval("States.ArrayLength($.inputArray)", "{\"inputArray\":[1,2,3,4,5,6,7,8,9]}").intValue()).isEqualTo(9);
        assertFails("States.ArrayLength($.s)", "{\"s\":\"abc\"}").hasMessageContaining("must be an array, found a string");
    }

    @Test
    void arrayUnique_docExample_keepsFirstOccurrence() {
        assertThat(eval("States.ArrayUnique($.inputArray)", "{\"inputArray\":[1,2,3,3,3,3,3,3,4]}")).isEqualTo(json("[1,2,3,4]"));
    }

    @Test
    void base64_docExamples_roundTrip() {
        assertThat(eval("States.Base64Encode($.input)", "{\"input\":\"Data to encode\"}").textValue()).isEqualTo("RGF0YSB0byBlbmNvZGU=");
        assertThat(eval("States.Base64Decode($.base64)", "{\"base64\":\"RGF0YSB0byBlbmNvZGU=\"}").textValue()).isEqualTo("Data to encode");
        assertThat(eval("States.Base64Decode(States.Base64Encode('héllo'))", "{}").textValue()).isEqualTo("héllo");
    }

    @Test
    void base64_limitsAndInvalidInput_fail() {
        String big = "{\"s\":\"" + "a".repeat(10_001) + "\"}";
        assertThat(eval("States.Base64Encode($.s)", "{\"s\":\"" + "a".repeat(10_000) + "\"}").textValue()).isNotEmpty();
        assertFails("States.Base64Encode($.s)", big).hasMessageContaining("10001 characters; at most 10000");
        assertFails("States.Base64Decode($.s)", big).hasMessageContaining("at most 10000");
        // AWS decodes leniently: unpadded input and characters outside the alphabet are accepted.
        assertThat(eval("States.Base64Decode('aGVsbG8')", "{}").textValue()).isEqualTo("hello");
        assertThat(eval("States.Base64Decode(' YWJjZA== ')", "{}").textValue()).isEqualTo("abcd");
        assertFails("States.Base64Decode('ab==cd')", "{}").hasMessageContaining("not valid Base64");
    }

    @Test
    void hash_docExample_andAlgorithms() {
        assertThat(eval("States.Hash($.Data, $.Algorithm)", "{\"Data\":\"input data\",\"Algorithm\":\"SHA-1\"}").textValue())
                .isEqualTo("aaff4a450a104cd177d28d18d74485e8cae074b7");
        assertThat(eval("States.Hash('input data', 'MD5')", "{}").textValue()).isEqualTo("812f45842bc6d66ee14572ce20db8e86");
        assertThat(eval("States.Hash('hello', 'SHA-256')", "{}").textValue())
                .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(eval("States.Hash('x', 'SHA-384')", "{}").textValue()).hasSize(96);
        assertThat(eval("States.Hash('x', 'SHA-512')", "{}").textValue()).hasSize(128);
        assertFails("States.Hash('x', $.alg)", "{\"alg\":\"sha256\"}").hasMessageContaining("'sha256' is not supported");
        assertFails("States.Hash($.s, 'SHA-256')", "{\"s\":\"" + "a".repeat(10_001) + "\"}").hasMessageContaining("at most 10000");
        // AWS hashes non-string data by its JSON text.
        assertThat(eval("States.Hash($.n, 'MD5')", "{\"n\":123}").textValue()).isEqualTo(eval("States.Hash('123', 'MD5')", "{}").textValue());
    }

    @Test
    void jsonMerge_docExample_shallow() {
        assertThat(eval("States.JsonMerge($.json1, $.json2, false)",
                "{\"json1\":{\"a\":{\"a1\":1,\"a2\":2},\"b\":2},\"json2\":{\"a\":{\"a3\":1,\"a4\":2},\"c\":3}}"))
                .isEqualTo(json("{\"a\":{\"a3\":1,\"a4\":2},\"b\":2,\"c\":3}"));
    }

    @Test
    void jsonMerge_deepOrNonObject_fails() {
        assertFails("States.JsonMerge($.a, $.b, $.deep)", "{\"a\":{},\"b\":{},\"deep\":true}").hasMessageContaining("deep merging is not supported");
        assertThat(eval("States.JsonMerge($.a, $.b, $.deep)", "{\"a\":{\"x\":1},\"b\":{},\"deep\":\"false\"}")).isEqualTo(json("{\"x\":1}"));
        assertFails("States.JsonMerge($.a, $.b, false)", "{\"a\":[],\"b\":{}}").hasMessageContaining("argument 1 must be an object");
    }

    @Test
    void mathRandom_inRangeAndSeedDeterministic() {
        for (int i = 0; i < 50; i++) {
            assertThat(eval("States.MathRandom($.start, $.end)", "{\"start\":1,\"end\":999}").intValue()).isBetween(1, 998);
        }
        int first = eval("States.MathRandom(1, 1000, 42)", "{}").intValue();
        assertThat(eval("States.MathRandom(1, 1000, 42)", "{}").intValue()).isEqualTo(first);
        assertThat(eval("States.MathRandom(1.4, 2, 1)", "{}").intValue()).isEqualTo(1);
        assertFails("States.MathRandom(1.4, 1.6)", "{}").hasMessageContaining("must be less than the end");
    }

    @Test
    void mathAdd_docExample_andTypeCheck() {
        assertThat(eval("States.MathAdd($.value1, $.step)", "{\"value1\":111,\"step\":-1}").intValue()).isEqualTo(110);
        assertThat(eval("States.MathAdd($v, 1)", "{}").intValue()).isEqualTo(8);
        assertThat(eval("States.MathAdd($.a, $.b)", "{\"a\":1.6,\"b\":2.7}").intValue()).isEqualTo(5);
        assertThat(eval("States.MathAdd(2147483646, 1)", "{}").intValue()).isEqualTo(Integer.MAX_VALUE);
        assertFails("States.MathAdd(2147483647, 1)", "{}").hasMessageContaining("between -2147483648 and 2147483647");
        assertFails("States.MathAdd(3000000000, 0)", "{}").hasMessageContaining("Invalid arguments in States.MathAdd");
        assertFails("States.MathAdd('1', 2)", "{}").hasMessageContaining("must be a number, found a string");
        assertFails("States.MathAdd($.a, $.b)", "{\"a\":1,\"b\":\"NOT A NUMBER\"}").hasMessageContaining("Invalid arguments in States.MathAdd");
    }

    @Test
    void stringSplit_docExampleAndEveryDelimiterCharacter() {
        assertThat(eval("States.StringSplit($.inputString, $.splitter)", "{\"inputString\":\"1,2,3,4,5\",\"splitter\":\",\"}"))
                .isEqualTo(json("[\"1\",\"2\",\"3\",\"4\",\"5\"]"));
        assertThat(eval("States.StringSplit('This.is+a,test=string', '.+,=')", "{}"))
                .isEqualTo(json("[\"This\",\"is\",\"a\",\"test\",\"string\"]"));
        assertThat(eval("States.StringSplit(',,,,', ',')", "{}")).isEqualTo(json("[]"));
        assertThat(eval("States.StringSplit(' , ', ',')", "{}")).isEqualTo(json("[\" \",\" \"]"));
    }

    @Test
    void uuid_isVersion4() {
        assertThat(eval("States.UUID()", "{}").textValue())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    // --- nesting and failures -------------------------------------------------------------------------------

    @Test
    void evaluate_nestedDocStyleArn_extractsVersion() {
        String expr = "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
                + "States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit("
                + "States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
        String input = "{\"ImageRecipe\":{\"Arn\":\"arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/r/2021.12.03\"}}";

        assertThat(eval(expr, input).textValue()).isEqualTo("2021.12");
    }

    @Test
    void evaluate_pathNotFound_failsNamingPath() {
        assertFails("States.Array($.missing)", "{}").hasMessageContaining("'$.missing' could not be found in the input");
    }

    @Test
    void evaluate_malformed_failsWithIntrinsicFailure() {
        assertFails("States.Array(1", "{}").hasMessageContaining("Invalid intrinsic function");
        assertFails("States.Nope()", "{}").hasMessageContaining("unknown intrinsic function");
    }
}
