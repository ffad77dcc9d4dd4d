package io.sfnetl.cli;

import io.sfnetl.local.console.Console;
import io.sfnetl.local.twin.TwinState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code etl console}: the web console's URL. With a twin running for the data directory, prints its URL and returns;
 * without one, runs {@code etl local up} (same data directory and port) in the foreground and prints the URL once
 * the twin is up. The console is served by the twin itself on 127.0.0.1 (see docs/console.md).
 */
@Command(name = "console", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the URL of the local web console (the state machine graph coloured live, executions, "
                + "history, map runs), served by the twin on 127.0.0.1.",
                "Without a running twin, starts one as 'etl local up' does (until Ctrl-C) and prints the URL when it "
                        + "is up."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./etl console            (prints http://127.0.0.1:8083/console/#machine=...)",
                "  ./etl console --open     (also opens it in the desktop's browser, where there is one)",
                "  ./etl console --data-dir /tmp/etl-demo --port 0"})
public final class ConsoleCommand implements Callable<Integer> {
    @Option(names = "--data-dir", description = "The twin's data directory (default: .etl/ in the repository).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "8083", description = "When a twin must be started: its API and console "
            + "port on 127.0.0.1, 0 for a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--open", description = "Also open the URL with the desktop's opener (xdg-open or open).")
    boolean open;

    @Override
    public Integer call() throws Exception {
        Path home = Home.dir();
        Path stateDir = dataDir != null ? dataDir.toAbsolutePath().normalize() : home.resolve(".etl");
        Optional<TwinState> running = TwinState.find(stateDir);
        if (running.isPresent()) {
            announce(running.get(), true);
            return ExitCodes.OK;
        }
        System.err.println("etl: no twin is running for " + stateDir + "; starting one (as 'etl local up')");
        Thread.ofVirtual().name("etl-console-announce").start(() -> awaitTwin(stateDir));
        CommandLine up = new CommandLine(new LocalUpCommand());
        List<String> args = new java.util.ArrayList<>(List.of("--port", Integer.toString(port)));
        if (dataDir != null) {
            args.addAll(List.of("--data-dir", stateDir.toString()));
        }
        up.parseArgs(args.toArray(String[]::new));
        return ((LocalUpCommand) up.getCommand()).call();
    }

    private void awaitTwin(Path stateDir) {
        for (int i = 0; i < 1200; i++) {
            Optional<TwinState> t = TwinState.find(stateDir);
            if (t.isPresent() && t.get().pid() == ProcessHandle.current().pid()) {
                announce(t.get(), false);
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Prints the URL: alone on stdout for a running twin (scripts read it), as a status line beside local up's. */
    private void announce(TwinState twin, boolean toStdout) {
        URI url = url(twin);
        if (toStdout) {
            System.out.println(url);
            System.out.flush();
        } else {
            System.err.println("  Console         " + url);
        }
        if (open) {
            openInBrowser(url);
        }
    }

    /** The console's URL for a twin, opening its ETL state machine. */
    static URI url(TwinState twin) {
        String fragment = twin.stateMachineArn() == null ? ""
                : "#machine=" + URLEncoder.encode(twin.stateMachineArn(), StandardCharsets.UTF_8);
        return URI.create(Console.url(twin.stepFunctions()) + fragment);
    }

    private static void openInBrowser(URI url) {
        for (String opener : List.of("xdg-open", "open")) {
            Optional<Path> exe = onPath(opener);
            if (exe.isPresent()) {
                try {
                    new ProcessBuilder(exe.get().toString(), url.toString()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    return;
                } catch (IOException e) {
                    System.err.println("etl: could not run " + exe.get() + " (" + e.getMessage() + "); open the URL "
                            + "by hand");
                    return;
                }
            }
        }
        System.err.println("etl: no desktop opener (xdg-open, open) found; open the URL by hand");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
