package io.sfnetl.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The stack from {@code pipeline-variant.json}, stage "prod": the switches of the configuration. */
class EtlStackVariantTest {

    private final SynthesizedStack synth =
            SynthesizedStack.of(SynthesizedStack.REPO_ROOT.resolve("cdk/src/test/resources/pipeline-variant.json"), "prod");
    private final TemplateJson json = new TemplateJson(synth.template);

    @Test
    void schedule_disabledWithFlexibleWindow_defaultRetryPolicy() {
        JsonNode s = json.only("AWS::Scheduler::Schedule", p -> true).getValue().path("Properties");
        assertThat(s.path("State").asText()).isEqualTo("DISABLED");
        assertThat(s.at("/FlexibleTimeWindow/Mode").asText()).isEqualTo("FLEXIBLE");
        assertThat(s.at("/FlexibleTimeWindow/MaximumWindowInMinutes").asInt()).isEqualTo(15);
        assertThat(s.at("/Target/RetryPolicy/MaximumRetryAttempts").asInt()).isEqualTo(3);
        assertThat(s.at("/Target/RetryPolicy/MaximumEventAgeInSeconds").asInt()).isEqualTo(3600);
    }

    @Test
    void tables_withoutDeletionProtection_areDeletedWithTheStack_bucketIsKept() {
        var tables = json.resources("AWS::DynamoDB::Table");
        assertThat(tables.values()).extracting(t -> t.at("/Properties/TableName").asText())
                .containsExactlyInAnyOrder("sfn-etl-prod-orders", "sfn-etl-prod-etl-jobs");
        tables.values().forEach(t -> {
            assertThat(t.at("/Properties/DeletionProtectionEnabled").asBoolean()).isFalse();
            assertThat(t.path("DeletionPolicy").asText()).isEqualTo("Delete");
        });
        json.resources("AWS::S3::Bucket").values()
                .forEach(b -> assertThat(b.path("DeletionPolicy").asText()).isEqualTo("Retain"));
    }

    @Test
    void operations_noEmail_noSubscription_defaultRetention() {
        synth.template.resourceCountIs("AWS::SNS::Subscription", 0);
        synth.template.hasResourceProperties("AWS::Logs::LogGroup",
                Map.of("LogGroupName", "/aws/lambda/sfn-etl-prod-Prepare", "RetentionInDays", 30));
        synth.template.hasResourceProperties("AWS::StepFunctions::StateMachine",
                Map.of("StateMachineName", "sfn-etl-prod-etl"));
    }

    @Test
    void awsSolutions_variant_hasNoUnsuppressedFindings() {
        assertThat(synth.annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(synth.annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(List.of(synth.stack.getStackName())).containsExactly("sfn-etl-prod");
    }
}
