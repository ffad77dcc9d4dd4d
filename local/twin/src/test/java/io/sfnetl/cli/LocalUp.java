package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.local.twin.TwinState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code etl local up} on a thread of the test JVM, for ITs: waits until it publishes twin.json; stops it again. */
final class LocalUp {
    private final Thread thread;
    private final int[] exit = {-1};

    private LocalUp(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("local", "up", "--port", "0", "--ephemeral", "--data-dir",
                dir.toString()));
        args.addAll(List.of(extra));
        thread = Thread.ofPlatform().name("etl-local-up")
                .start(() -> exit[0] = Etl.commandLine().execute(args.toArray(String[]::new)));
    }

    /** Starts the twin for {@code dir} with the extra options and waits (up to 90 s) for its twin.json. */
    static LocalUp start(Path dir, String... extra) throws InterruptedException {
        LocalUp up = new LocalUp(dir, extra);
        long deadline = System.currentTimeMillis() + 90_000;
        while (TwinState.find(dir).isEmpty()) {
            assertThat(up.thread.isAlive()).as("etl local up died at start").isTrue();
            assertThat(System.currentTimeMillis()).as("etl local up did not publish twin.json in 90 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        return up;
    }

    /** Stops the twin as Ctrl-C would and returns local up's exit code. */
    int stop() throws InterruptedException {
        thread.interrupt();
        thread.join(30_000);
        return exit[0];
    }
}
