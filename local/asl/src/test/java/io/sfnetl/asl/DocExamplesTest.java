package io.sfnetl.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The worked examples of the Step Functions Developer Guide ("Input and Output Processing"), run on the engine. */
class DocExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void inputResultOutputPath_helloWorldExample_keepsDataWithLambdaResult() throws Exception {
        var seen = new AtomicReference<JsonNode>();
        TaskInvoker hello = r -> {
            seen.set(r.input());
            return JSON.getNodeFactory().textNode("Hello, " + r.input().get("who").asText() + "!");
        };
        var sm = StateMachine.parse("""
                {"StartAt": "HelloWorld", "States": {"HelloWorld": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction",
                  "InputPath": "$.lambda", "ResultPath": "$.data.lambdaresult", "OutputPath": "$.data", "End": true}}}""");
        Execution e = Engine.builder().taskInvoker(hello).build().start(sm, null, json(
                "{'comment': 'An input comment.', 'data': {'val1': 23, 'val2': 17}, 'extra': 'foo',"
                        + " 'lambda': {'who': 'AWS Step Functions'}}")).await();
        assertThat(seen.get()).isEqualTo(json("{'who': 'AWS Step Functions'}"));
        assertThat(JSON.readTree(e.output())).isEqualTo(json(
                "{'val1': 23, 'val2': 17, 'lambdaresult': 'Hello, AWS Step Functions!'}"));
    }

    @Test
    void parameters_productExample_selectsWhatICareAbout() throws Exception {
        var sm = StateMachine.parse("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
                  "comment": "Selecting what I care about.",
                  "MyDetails": {"size.$": "$.product.details.size", "exists.$": "$.product.availability", "StaticValue": "foo"}},
                  "End": true}}}""");
        Execution e = Engine.builder().build().start(sm, null, json(
                "{'comment': 'Example for Parameters.', 'product': {'details': {'color': 'blue', 'size': 'small',"
                        + " 'material': 'cotton'}, 'availability': 'in stock', 'sku': '2317', 'cost': '$23'}}")).await();
        assertThat(JSON.readTree(e.output())).isEqualTo(json(
                "{'comment': 'Selecting what I care about.', 'MyDetails': {'size': 'small', 'exists': 'in stock',"
                        + " 'StaticValue': 'foo'}}"));
    }

    @Test
    void inputPath_datasetExample_passesDataset2() throws Exception {
        var sm = StateMachine.parse("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"InputPath\": \"$.dataset2\", \"End\": true}}}");
        Execution e = Engine.builder().build().start(sm, null, json(
                "{'comment': 'Example for InputPath.', 'dataset1': {'val1': 1, 'val2': 2, 'val3': 3},"
                        + " 'dataset2': {'val1': 'a', 'val2': 'b', 'val3': 'c'}}")).await();
        assertThat(JSON.readTree(e.output())).isEqualTo(json("{'val1': 'a', 'val2': 'b', 'val3': 'c'}"));
    }

    @Test
    void resultPath_nullAndDefault_keepInputOrReplaceIt() throws Exception {
        var sm = StateMachine.parse("""
                {"StartAt": "Keep", "States": {
                  "Keep": {"Type": "Pass", "Result": "Hello, Step Functions!", "ResultPath": null, "Next": "Replace"},
                  "Replace": {"Type": "Pass", "Result": "Hello, Step Functions!", "End": true}}}""");
        Execution e = Engine.builder().build().start(sm, null, json("{'who': 'Step Functions'}")).await();
        assertThat(e.history().get(2).details().get("output").asText()).isEqualTo("{\"who\":\"Step Functions\"}");
        assertThat(e.output()).isEqualTo("\"Hello, Step Functions!\"");
    }
}
