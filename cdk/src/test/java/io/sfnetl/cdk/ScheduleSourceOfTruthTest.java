package io.sfnetl.cdk;

import static io.sfnetl.cdk.TemplateJson.JSON;
import static io.sfnetl.cdk.TemplateJson.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The deployed EventBridge Scheduler schedule is the one the twin fires: the stack synthesized from the repository's
 * {@code config/pipeline.json} carries exactly its expression, time zone, window, state, retry policy and input template
 * (issue 8: one source of truth). The twin reads the same section (io.sfnetl.local.schedule.ScheduleSettings).
 */
class ScheduleSourceOfTruthTest {

    @Test
    void schedule_repositoryConfig_templateCarriesTheConfiguredSchedule() throws IOException {
        Path config = SynthesizedStack.REPO_ROOT.resolve("config/pipeline.json");
        JsonNode want = JSON.readTree(config.toFile()).path("schedule");
        TemplateJson json = new TemplateJson(SynthesizedStack.of(config, "dev").template);

        JsonNode s = json.only("AWS::Scheduler::Schedule", p -> true).getValue().path("Properties");

        assertThat(s.path("ScheduleExpression").asText()).isEqualTo(want.path("expression").asText());
        assertThat(s.path("ScheduleExpressionTimezone").asText()).isEqualTo(want.path("timeZone").asText());
        assertThat(s.path("State").asText()).isEqualTo(want.path("enabled").asBoolean(true) ? "ENABLED" : "DISABLED");
        int window = want.path("flexibleWindowMinutes").asInt(0);
        assertThat(s.at("/FlexibleTimeWindow/Mode").asText()).isEqualTo(window == 0 ? "OFF" : "FLEXIBLE");
        if (window > 0) {
            assertThat(s.at("/FlexibleTimeWindow/MaximumWindowInMinutes").asInt()).isEqualTo(window);
        }
        assertThat(s.at("/Target/RetryPolicy/MaximumRetryAttempts").asInt())
                .isEqualTo(want.path("retryAttempts").asInt(3));
        assertThat(s.at("/Target/RetryPolicy/MaximumEventAgeInSeconds").asInt())
                .isEqualTo(want.path("maximumEventAgeSeconds").asInt(3600));
        String bucket = json.only("AWS::S3::Bucket", p -> p.has("VersioningConfiguration")).getKey();
        String input = render(s.at("/Target/Input")).replace("<" + bucket + ">", "${DataBucket}");
        assertThat(JSON.readTree(input)).isEqualTo(want.path("input"));
        assertThat(input).contains("<aws.scheduler.scheduled-time>");
    }
}
