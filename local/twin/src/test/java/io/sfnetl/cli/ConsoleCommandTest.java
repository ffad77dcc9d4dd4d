package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.local.twin.TwinState;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleCommandTest {
    private static final String ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:sfn-etl";
    @TempDir Path dir;

    private static TwinState twin(long pid, int port) {
        return new TwinState(pid, URI.create("http://127.0.0.1:" + port), URI.create("http://127.0.0.1:1"),
                URI.create("http://127.0.0.1:2"), ARN, "sfn-etl-data", null, Map.of());
    }

    @Test
    void url_twinEndpoint_consolePathWithTheMachineInTheFragment() {
        assertThat(ConsoleCommand.url(twin(1, 8083)).toString())
                .isEqualTo("http://127.0.0.1:8083/console/#machine=arn%3Aaws%3Astates%3Aus-east-1%3A000000000000"
                        + "%3AstateMachine%3Asfn-etl");
    }

    @Test
    void console_twinRunningForTheDataDir_printsItsUrlAndExits0() {
        twin(ProcessHandle.current().pid(), 45678).write(dir);
        String home = System.getProperty("etl.home");
        System.setProperty("etl.home", Path.of("../..").toAbsolutePath().normalize().toString());
        CliRun.Result r;
        try {
            r = CliRun.run("console", "--data-dir", dir.toString());
        } finally {
            if (home == null) {
                System.clearProperty("etl.home");
            } else {
                System.setProperty("etl.home", home);
            }
        }
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip())
                .startsWith("http://127.0.0.1:45678/console/#machine=arn%3Aaws%3Astates");
    }
}
