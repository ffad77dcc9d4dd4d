package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code etl graph}: runs the console's renderer under Node.js (a prerequisite of the build). */
class GraphCommandTest {
    @TempDir Path dir;

    private static CliRun.Result etl(String... args) {
        return CliRun.run(args);
    }

    @Test
    void graph_etlDefinition_standaloneSvgWithEveryState() throws Exception {
        Path out = dir.resolve("docs/etl.svg");
        CliRun.Result r = etl("graph", "../../statemachine/etl.asl.json", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("16 states");
        String svg = Files.readString(out);
        assertThat(svg).startsWith("<?xml").contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", "<style>",
                ">Process chunks</text>", ">Validate done?</text>", ">$.prepare.done == false</text>");
    }

    @Test
    void graph_stateNamesWithMarkup_escapedInTheFile() throws Exception {
        Path def = Files.writeString(dir.resolve("sm.json"), "{\"StartAt\":\"<b>&\\\"x\",\"States\":{\"<b>&\\\"x\":"
                + "{\"Type\":\"Succeed\"}}}");
        Path out = dir.resolve("sm.svg");
        assertThat(etl("graph", def.toString(), "--out", out.toString()).code()).isZero();
        String svg = Files.readString(out);
        assertThat(svg).contains(">&lt;b&gt;&amp;&quot;x</text>", "data-id=\"n:&lt;b&gt;&amp;&quot;x\"").doesNotContain("<b>");
    }

    @Test
    void graph_notADefinition_exit2WithTheReason() throws Exception {
        Path def = Files.writeString(dir.resolve("x.json"), "[1, 2]");
        CliRun.Result r = etl("graph", def.toString(), "--out", dir.resolve("x.svg").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not a state machine definition");
        CliRun.Result missing = etl("graph", dir.resolve("nope.json").toString(), "--out", dir.resolve("y.svg").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.json is not a file");
    }
}
