package io.sfnetl.cdk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.cdk.EtlApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = EtlApp.findRepoRoot(Path.of("").toAbsolutePath());
    private static final Path TEST_CONFIG = ROOT.resolve("cdk/src/test/resources/pipeline.json");

    @TempDir
    Path dir;

    @Test
    void load_testConfig_readsEveryFieldAndTheSpecsKeys() {
        PipelineSettings s = PipelineSettings.load(ROOT, TEST_CONFIG);
        assertThat(s.functions().keySet()).containsExactlyElementsOf(PipelineSettings.FUNCTION_NAMES);
        assertThat(s.function("Load").memoryMb()).isEqualTo(2048);
        assertThat(s.function("Load").substitutionName()).isEqualTo("LoadFunctionArn");
        assertThat(s.function("MarkJobFailed").stageKey()).isEqualTo("markJobFailed");
        assertThat(s.schedule().expression()).isEqualTo("cron(0 5 * * ? *)");
        assertThat(s.schedule().timeZone()).isEqualTo("Europe/London");
        assertThat(s.schedule().retryAttempts()).isEqualTo(5);
        assertThat(s.schedule().renderInput("b1")).contains("\"s3://b1/specs/orders.spec.json\"")
                .contains("<aws.scheduler.scheduled-time>");
        assertThat(s.datasets()).extracting(PipelineSettings.DatasetSettings::name).containsExactly("orders", "events");
        assertThat(s.datasets().get(0).sortKeyName()).isEmpty();
        assertThat(s.datasets().get(1).partitionKey()).isEqualTo("pk");
        assertThat(s.datasets().get(1).sortKeyName()).contains("sk");
        assertThat(s.operations().alarmEmailAddress()).contains("ops@example.com");
        assertThat(s.operations().logRetentionDays()).isEqualTo(90);
        assertThat(s.runDefaults().path("chunkBytes").asLong()).isEqualTo(67108864L);
    }

    @Test
    void load_noOperationsSection_usesDocumentedDefaults() throws IOException {
        PipelineSettings s = PipelineSettings.load(ROOT, write(c -> c.remove("operations")));
        assertThat(s.operations()).isEqualTo(
                new PipelineSettings.OperationsSettings(null, 30, true, 14, 30, 30, 30));
    }

    @Test
    void load_repositoryConfig_isValid() {
        PipelineSettings s = PipelineSettings.load(ROOT);
        assertThat(s.functions().keySet()).containsExactlyElementsOf(PipelineSettings.FUNCTION_NAMES);
        assertThat(s.schedule().input().path("scheduledTime").asText()).isEqualTo("<aws.scheduler.scheduled-time>");
        assertThat(s.schedule().timeZone()).isEqualTo("Europe/London");
        assertThat(s.datasets()).containsExactly(new PipelineSettings.DatasetSettings(
                "orders", "samples/orders/orders.spec.json", "orders", "order_id", null));
        assertThat(s.operations()).isEqualTo(new PipelineSettings.OperationsSettings(null, 30, true, 14, 30, 30, 30));
    }

    @Test
    void load_invalidFunctionValues_namesEachWithItsLocation() throws IOException {
        Path f = write(c -> {
            ((ObjectNode) c.at("/functions/Load")).put("memoryMb", 64);
            ((ObjectNode) c.at("/functions/Validate")).put("timeoutSeconds", 901);
            ((ObjectNode) c.at("/functions/Finalize")).put("handler", "not a handler");
            ((ObjectNode) c.path("functions")).remove("MarkJobFailed");
        });
        assertThatThrownBy(() -> PipelineSettings.load(ROOT, f))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("/functions/Load/memoryMb: must be an integer in 128..10240, got 64")
                .hasMessageContaining("/functions/Validate/timeoutSeconds: must be an integer in 1..900, got 901")
                .hasMessageContaining("/functions/Finalize/handler: 'not a handler' is not")
                .hasMessageContaining("/functions/MarkJobFailed: missing")
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(4));
    }

    @Test
    void load_invalidSchedule_reportsExpressionZoneAndPlaceholder() throws IOException {
        Path f = write(c -> {
            ObjectNode s = (ObjectNode) c.path("schedule");
            s.put("expression", "cron(0 5 * * *)");
            s.put("timeZone", "Europe/Londn");
            s.put("flexibleWindowMinutes", 2000);
            ((ObjectNode) s.path("input")).put("x", "${Bucket}");
        });
        assertThatThrownBy(() -> PipelineSettings.load(ROOT, f))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("/schedule/expression: 'cron(0 5 * * *)' has 5 fields; EventBridge cron has six")
                .hasMessageContaining("/schedule/timeZone: 'Europe/Londn' is not a time zone")
                .hasMessageContaining("/schedule/flexibleWindowMinutes: must be an integer in 0..1440, got 2000")
                .hasMessageContaining("unknown placeholder ${Bucket}");
    }

    @Test
    void load_cronWithBothDays_isRejected() throws IOException {
        Path f = write(c -> ((ObjectNode) c.path("schedule")).put("expression", "cron(0 5 1 * MON *)"));
        assertThatThrownBy(() -> PipelineSettings.load(ROOT, f))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("one of them must be '?'");
    }

    @Test
    void load_rateAndOffsetZone_areChecked() throws IOException {
        Path f = write(c -> {
            ((ObjectNode) c.path("schedule")).put("expression", "rate(1 days)");
            ((ObjectNode) c.path("schedule")).put("timeZone", "+02:00");
        });
        assertThatThrownBy(() -> PipelineSettings.load(ROOT, f))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'rate(1 days)' is not 'rate(value unit)'")
                .hasMessageContaining("'+02:00' is an offset");
    }

    @Test
    void load_invalidOperationsAndRunDefaults_areReported() throws IOException {
        Path f = write(c -> {
            ObjectNode ops = (ObjectNode) c.path("operations");
            ops.put("logRetentionDays", 31);
            ops.put("stagingExpirationDays", 7);
            ops.put("alarmEmail", "nobody");
            ((ObjectNode) c.path("runDefaults")).put("safetyMarginMillis", 700_000);
            ((ObjectNode) c.path("runDefaults")).put("maxRejectPercent", 101);
        });
        assertThatThrownBy(() -> PipelineSettings.load(ROOT, f))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("/operations/logRetentionDays: 31 is not a CloudWatch Logs retention")
                .hasMessageContaining("/operations/stagingExpirationDays: must be an integer in 14..3650, got 7")
                .hasMessageContaining("/operations/alarmEmail: 'nobody' is not an email address")
                .hasMessageContaining("/runDefaults/safetyMarginMillis: 700000 ms is not below Load's timeout (600 s)")
                .hasMessageContaining("/runDefaults/maxRejectPercent: must be a number in 0..100, got 101");
    }

    @Test
    void load_missingSpecFile_namesTheDatasetAndPath() throws IOException {
        Path f = write(c -> ((ObjectNode) c.at("/datasets/orders")).put("spec", "nowhere/orders.spec.json"));
        assertThatThrownBy(() -> PipelineSettings.load(ROOT, f))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("/datasets/orders/spec: file ")
                .hasMessageContaining("nowhere/orders.spec.json does not exist");
    }

    @Test
    void load_specWithoutPartitionKey_pointsIntoTheSpec() throws IOException {
        Path spec = dir.resolve("bad.spec.json");
        Files.writeString(spec, "{\"target\":{\"table\":\"orders\",\"sortKey\":{\"name\":\"sk\"}}}");
        Path f = write(c -> ((ObjectNode) c.at("/datasets/orders")).put("spec", spec.toString()));
        assertThatThrownBy(() -> PipelineSettings.load(ROOT, f))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("bad.spec.json#/target/partitionKey/name: must be the partition key's attribute name");
    }

    @Test
    void load_twoDatasetsOneTable_isRejected() throws IOException {
        Path f = write(c -> ((ObjectNode) c.at("/datasets/events")).put("table", "orders"));
        assertThatThrownBy(() -> PipelineSettings.load(ROOT, f))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("/datasets/events/table: 'orders' is also the table of dataset 'orders'");
    }

    @Test
    void load_missingOrBrokenFile_saysWhichFile() throws IOException {
        assertThatThrownBy(() -> PipelineSettings.load(ROOT, dir.resolve("none.json")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("none.json: file not found");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"functions\": ");
        assertThatThrownBy(() -> PipelineSettings.load(ROOT, broken))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("broken.json: not valid JSON");
    }

    private Path write(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(TEST_CONFIG.toFile());
        edit.accept(config);
        Path f = dir.resolve("pipeline.json");
        JSON.writeValue(f.toFile(), config);
        return f;
    }
}
