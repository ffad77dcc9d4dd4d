package io.sfnetl.local.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves the console's static files (the classpath folder {@code console/}) under {@code /console/}: GET and HEAD only,
 * a content type per extension, {@code index.html} for the folder itself, and on every answer the security headers of
 * {@link #SECURITY_HEADERS} (a Content-Security-Policy that allows only this origin's scripts, styles and API calls,
 * no inline script, no framing).
 *
 * <p>Refused: any path that is not plain segments of {@code [A-Za-z0-9._-]} (so no {@code ..}, no encoded or
 * back slashes, no hidden files) with 404; other methods with 405. Thread-safe.
 */
public final class ConsoleHandler implements HttpHandler {
    /** The policy: scripts, styles and fetches from this origin only; images also as data:/blob: (PNG export). */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    public static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Resource-Policy", "same-origin",
            "Cache-Control", "no-cache");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("json", "application/json"),
            Map.entry("md", "text/plain; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    /** Where the files come from: a relative path ({@code js/app.mjs}) to its bytes, or empty when there is none. */
    @FunctionalInterface
    public interface Resources {
        Optional<byte[]> read(String relativePath);
    }

    private final Resources resources;

    public ConsoleHandler(Resources resources) {
        this.resources = resources;
    }

    /** The files packaged with the twin, under the classpath folder {@code console/}. */
    public static Resources classpathResources() {
        ClassLoader loader = ConsoleHandler.class.getClassLoader();
        return path -> {
            try (InputStream in = loader.getResourceAsStream("console/" + path)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read console file " + path + ": " + e.getMessage(), e);
            }
        };
    }

    /** The content type of a file name by its extension; {@code application/octet-stream} when unknown. */
    public static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    /**
     * The file a request path names, relative to the console folder, or empty when the path is refused.
     * {@code /console/} and {@code /console/index.html} name {@code index.html}; {@code /console} names nothing (the
     * handler redirects it).
     */
    public static Optional<String> resolve(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(Console.PATH)) {
            return Optional.empty();
        }
        String rest = rawPath.substring(Console.PATH.length());
        if (rest.isEmpty()) {
            return Optional.of("index.html");
        }
        for (String segment : rest.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.contains("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(rest);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            SECURITY_HEADERS.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", ("The console is read-only: " + method
                        + " is not allowed here; the Step Functions API is POST / with X-Amz-Target.")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            // The raw (still percent-encoded) path: an encoded slash or dot never reaches the checks decoded.
            String raw = ex.getRequestURI().getRawPath();
            if ("/console".equals(raw)) {
                ex.getResponseHeaders().set("Location", Console.PATH);
                send(ex, 308, "text/plain; charset=utf-8", "see /console/".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Optional<String> file = resolve(raw);
            Optional<byte[]> bytes = file.flatMap(resources::read);
            if (bytes.isEmpty()) {
                send(ex, 404, "text/plain; charset=utf-8", ("Not found: " + raw + " (the console is at "
                        + Console.PATH + ")").getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(ex, 200, contentType(file.get()), bytes.get());
        }
    }

    /** Answers with a body (none for HEAD). */
    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }
}
