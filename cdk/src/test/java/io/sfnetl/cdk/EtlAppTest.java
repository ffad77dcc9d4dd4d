package io.sfnetl.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** What a user sees when {@code cdk synth} cannot build the stack: one message, exit code 2, no stack trace. */
class EtlAppTest {

    @TempDir
    Path dir;

    @Test
    void run_repositoryConfiguration_synthesizesTheDevStackWithNoNagFinding() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = EtlApp.run(app("dev"), SynthesizedStack.REPO_ROOT.resolve("cdk"),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(code).isZero();
        assertThat(dir.resolve("out/sfn-etl-dev.template.json")).isRegularFile();
        String report = Files.readString(dir.resolve("out/AwsSolutions-sfn-etl-dev-NagReport.csv"));
        assertThat(report).contains("\"Compliant\"").doesNotContain("Non_Compliant");
    }

    @Test
    void run_invalidConfiguration_printsEveryProblemAndReturns2() throws IOException {
        Files.createDirectories(dir.resolve("config"));
        String config = Files.readString(SynthesizedStack.TEST_CONFIG)
                .replace("\"memoryMb\": 2048", "\"memoryMb\": 20480")
                .replace("Europe/London", "Mars/Olympus");
        Files.writeString(dir.resolve("config/pipeline.json"), config);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = EtlApp.run(app("dev"), dir.resolve("config"), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: invalid pipeline configuration " + dir.resolve("config/pipeline.json"))
                .contains("/functions/Load/memoryMb: must be an integer in 128..10240, got 20480")
                .contains("/schedule/timeZone: 'Mars/Olympus' is not a time zone")
                .doesNotContain("\tat ");
    }

    @Test
    void run_invalidStage_printsTheRuleAndReturns2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = EtlApp.run(app("Prod!"), SynthesizedStack.REPO_ROOT,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stage 'Prod!' must be 1..16 lower-case letters");
    }

    @Test
    void findRepoRoot_outsideTheRepository_saysWhereToRun() {
        assertThatThrownBy(() -> EtlApp.findRepoRoot(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no config/pipeline.json in " + dir);
    }

    private App app(String stage) {
        Map<String, Object> context = new HashMap<>(SynthesizedStack.cdkJsonContext());
        context.put("stage", stage);
        return new App(AppProps.builder().outdir(dir.resolve("out").toString()).context(context).build());
    }
}
