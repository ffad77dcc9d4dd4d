package io.sfnetl.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

class EtlStackNagTest {

    private final SynthesizedStack synth = SynthesizedStack.standard();

    @Test
    void awsSolutions_standardStack_hasNoUnsuppressedErrors() {
        List<SynthesisMessage> errors = synth.annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors.stream().map(m -> m.getId() + " " + m.getEntry().getData()).toList()).isEmpty();
    }

    @Test
    void awsSolutions_standardStack_hasNoUnsuppressedWarnings() {
        List<SynthesisMessage> warnings = synth.annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(warnings.stream().map(m -> m.getId() + " " + m.getEntry().getData()).toList()).isEmpty();
    }

    @Test
    void suppressions_all_areFewRulesWithSpecificReasonsAndWildcardResourcesNamed() {
        TemplateJson json = new TemplateJson(synth.template);
        Set<String> rules = new TreeSet<>();
        List<JsonNode> suppressions = new ArrayList<>();
        json.root.path("Resources").forEach(r -> r.at("/Metadata/cdk_nag/rules_to_suppress").forEach(suppressions::add));
        assertThat(suppressions).isNotEmpty();
        for (JsonNode s : suppressions) {
            String rule = s.path("id").asText();
            rules.add(rule);
            assertThat(s.path("reason").asText()).as("reason of %s", rule).hasSizeGreaterThan(80);
            if (rule.equals("AwsSolutions-IAM5")) {
                // never a blanket IAM5: each names the wildcard resources it accepts
                assertThat(s.path("applies_to").size()).as("applies_to of %s", s).isPositive();
            }
        }
        // IAM5: named wildcard resources (run-scoped keys, child executions, X-Ray/log delivery); SQS3: the DLQ itself
        assertThat(rules).containsExactlyInAnyOrder("AwsSolutions-IAM5", "AwsSolutions-SQS3");
    }
}
