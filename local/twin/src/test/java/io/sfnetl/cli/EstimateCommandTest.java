package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.local.config.PipelineConfig;
import io.sfnetl.local.estimate.Estimator.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EstimateCommandTest {

    private static final Path ROOT = io.sfnetl.local.estimate.InputFilesTestAccess.root();

    private record Result(int code, String out, String err) {
    }

    private static Result etl(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        String oldHome = System.getProperty("etl.home");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setProperty("etl.home", ROOT.toString());
        try {
            var cmd = Etl.commandLine();
            cmd.setErr(new java.io.PrintWriter(System.err, true));
            int code = cmd.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            if (oldHome == null) {
                System.clearProperty("etl.home");
            } else {
                System.setProperty("etl.home", oldHome);
            }
        }
    }

    @Test
    void pipeline_definitionWithAMap_countsParentAndChildStates() throws Exception {
        var definition = new ObjectMapper().readTree("{\"States\":{\"A\":{\"Type\":\"Pass\"},\"M\":{\"Type\":\"Map\","
                + "\"ItemProcessor\":{\"States\":{\"X\":{},\"Y\":{},\"Z\":{}}}},\"B\":{\"Type\":\"Succeed\"}}}");
        Pipeline p = EstimateCommand.pipeline(PipelineConfig.load(ROOT.resolve("config/pipeline.json")), definition);
        assertThat(p.parentStates()).isEqualTo(3);
        assertThat(p.childStates()).isEqualTo(3);
        assertThat(p.chunkBytes()).isEqualTo(PipelineConfig.load(ROOT.resolve("config/pipeline.json"))
                .runDefaults().path("chunkBytes").asLong());
    }

    @Test
    void pipeline_definitionWithoutMap_isAUserError() throws Exception {
        var definition = new ObjectMapper().readTree("{\"States\":{\"A\":{\"Type\":\"Pass\"}}}");
        assertThatThrownBy(() -> EstimateCommand.pipeline(PipelineConfig.load(ROOT.resolve("config/pipeline.json")), definition))
                .isInstanceOf(ExitCodes.UserError.class)
                .hasMessageContaining("no Map ItemProcessor States");
    }

    @Test
    void estimate_repositoryConfiguration_printsEveryFigure() {
        Result r = etl("estimate", "--rows", "10000000");

        assertThat(r.code()).isZero();
        // 10,000,000 x 84 B = 840,000,000 B over the configured chunk size (the arithmetic is EstimatorTest's)
        long chunkBytes = PipelineConfig.load(ROOT.resolve("config/pipeline.json")).runDefaults().path("chunkBytes").asLong();
        long chunks = (840_000_000L + chunkBytes - 1) / chunkBytes;
        assertThat(r.out()).contains("source:              10,000,000 rows x 84 bytes = 801.1 MiB")
                .contains(String.format(java.util.Locale.ROOT, "chunks:              %,d of up to ", chunks))
                .contains("Lambda invocations:", "GB-seconds:", "state transitions:", "DynamoDB WRUs:       10,000,002",
                        "S3 requests:", "wall time:", "peak writes:", "cost per run (us-east-1, prices of ",
                        "nightly, per month:  $");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void estimate_zeroRows_exits2WithTheRule() {
        Result r = etl("estimate", "--rows", "0");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--rows and --row-bytes must be at least 1, got 0 and 84");
    }

    @Test
    void estimate_missingPricesFile_exits2NamingIt() {
        Result r = etl("estimate", "--rows", "5", "--prices", "/nowhere/prices.json");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("prices file not found: /nowhere/prices.json");
    }
}
