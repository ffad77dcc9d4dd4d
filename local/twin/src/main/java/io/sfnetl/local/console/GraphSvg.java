package io.sfnetl.local.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The console's graph of an ASL definition as a standalone SVG file, drawn by the console's own JavaScript (ELK
 * layout, the same shapes and styles as the page) under Node.js: the files are copied from the classpath to a
 * temporary folder and {@code console-cli/graph-svg.mjs} runs there. Needs {@code node} (Node.js 20+) on the PATH.
 */
public final class GraphSvg {
    /** The classpath files the renderer needs, relative to the classpath root. */
    private static final List<String> FILES = List.of("console-cli/graph-svg.mjs", "console/console.css",
            "console-cli/xml-dom.mjs", "console/js/graph.mjs", "console/js/render.mjs", "console/js/status.mjs", "console/js/dom.mjs",
            "console/vendor/elkjs/elk.bundled.js");
    private static final long TIMEOUT_SECONDS = 120;

    private GraphSvg() {
    }

    /** Node.js is not installed, or the drawing failed; the message says which and what to do. */
    public static final class GraphException extends RuntimeException {
        public GraphException(String message) {
            super(message);
        }
    }

    /**
     * Draws {@code definition} (an ASL JSON file) into {@code out}.
     *
     * @return what the renderer reported (states, size)
     * @throws GraphException when node is missing, the file is not a definition, or the renderer failed
     */
    public static String render(Path definition, Path out) {
        if (!Files.isRegularFile(definition)) {
            throw new GraphException(definition + " is not a file; give the path of an ASL definition (JSON)");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("etl-graph");
            for (String f : FILES) {
                Path target = dir.resolve(f);
                Files.createDirectories(target.getParent());
                try (InputStream in = GraphSvg.class.getClassLoader().getResourceAsStream(f)) {
                    if (in == null) {
                        throw new IllegalStateException("classpath file " + f + " is missing from the build");
                    }
                    Files.copy(in, target);
                }
            }
            Path absOut = out.toAbsolutePath();
            if (absOut.getParent() != null) {
                Files.createDirectories(absOut.getParent());
            }
            Process p;
            try {
                p = new ProcessBuilder("node", dir.resolve("console-cli/graph-svg.mjs").toString(),
                        definition.toAbsolutePath().toString(), absOut.toString()).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new GraphException("Node.js is needed to draw the graph and 'node' was not found on the PATH ("
                        + e.getMessage() + "); install it (e.g. apt-get install nodejs) and try again");
            }
            String said;
            try (InputStream in = p.getInputStream()) {
                said = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GraphException("drawing " + definition + " took more than " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new GraphException("cannot draw " + definition + ": " + said);
            }
            return said;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + definition + " into " + out + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException("interrupted while drawing " + definition);
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
