package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --isolation process}: the sample job with every function in its own JVMs gives the in-process counts. */
@Tag("slow")
class IsolationIT {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @BeforeAll
    static void home() {
        System.setProperty("etl.home", ROOT.toString());
    }

    @Test
    void start_isolationProcess_sampleSucceedsWithTheSameCounts(@TempDir Path data) throws Exception {
        StartCommandIT.Result r = StartCommandIT.start("start", "--input", ROOT.resolve("samples/orders/input.json").toString(),
                "--data-dir", data.toString(), "--name", "isolated", "--isolation", "process");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode c = r.output().path("counts");
        assertThat(c.path("read").asLong()).isEqualTo(1000);
        assertThat(c.path("read").asLong()).isEqualTo(
                c.path("loaded").asLong() + c.path("rejected").asLong() + c.path("duplicates").asLong());
        assertThat(Files.readString(data.resolve("logs/functions.log")))
                .as("the containers' JSON logs reach the function log").contains("\"logger\":\"Loader\"");
    }

    @Test
    void start_unknownIsolation_exit2() throws Exception {
        StartCommandIT.Result r = StartCommandIT.start("start", "--input", ROOT.resolve("samples/orders/input.json").toString(),
                "--ephemeral", "--isolation", "vm");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--isolation is 'vm'");
    }
}
