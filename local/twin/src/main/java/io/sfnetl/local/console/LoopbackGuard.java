package io.sfnetl.local.console;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Keeps the twin's server to its own machine and its own pages:
 * <ul>
 *   <li>a request whose {@code Host} is not a loopback name ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}) is
 *   refused with 403: a web page cannot reach the twin by pointing its own domain at 127.0.0.1 (DNS rebinding);</li>
 *   <li>a request that carries an {@code Origin} (browsers add it to cross-origin requests and to every POST) must come
 *   from {@code http://<loopback name>:<this port>}; any other origin is refused with 403, so other sites cannot
 *   start or stop executions through a visitor's browser. Clients without {@code Origin} (SDKs, the AWS CLI) pass.</li>
 * </ul>
 * Refusals are answered in the AWS JSON 1.0 error shape ({@code AccessDeniedException}). Thread-safe.
 */
public final class LoopbackGuard extends Filter {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private final IntSupplier port;

    /** @param port the server's port (read per request: the server may be bound to port 0 first) */
    public LoopbackGuard(IntSupplier port) {
        this.port = port;
    }

    @Override
    public String description() {
        return "refuses non-loopback Host headers and cross-origin requests";
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        String problem = problem(ex.getRequestHeaders().getFirst("Host"), ex.getRequestHeaders().getFirst("Origin"),
                port.getAsInt());
        if (problem == null) {
            chain.doFilter(ex);
            return;
        }
        try (ex) {
            byte[] body = ("{\"__type\":\"com.amazonaws.swf.service.v2.model#AccessDeniedException\",\"message\":"
                    + quote(problem) + "}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            ex.sendResponseHeaders(403, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /**
     * Why a request is refused, or null when it passes.
     *
     * @param host the Host header, or null (HTTP/1.0 clients send none)
     * @param origin the Origin header, or null
     */
    public static String problem(String host, String origin, int port) {
        if (host != null && !isLoopback(host, port)) {
            return "Host '" + host + "' is not this machine's loopback address: the local twin answers only requests "
                    + "to 127.0.0.1:" + port + " or localhost:" + port;
        }
        if (origin != null && !origin.equals("null") && !isLoopbackOrigin(origin, port)) {
            return "Cross-origin request from '" + origin + "' refused: the local twin takes requests only from its "
                    + "own console (http://127.0.0.1:" + port + ") and from clients that send no Origin (SDKs, AWS CLI)";
        }
        if ("null".equals(origin)) {
            return "Request from an opaque origin ('null', e.g. a sandboxed frame or a file:// page) refused: open the "
                    + "console at http://127.0.0.1:" + port + "/console/";
        }
        return null;
    }

    private static boolean isLoopback(String hostHeader, int port) {
        String h = hostHeader.toLowerCase(Locale.ROOT).trim();
        for (String name : LOOPBACK) {
            if (h.equals(name + ":" + port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoopbackOrigin(String origin, int port) {
        URI uri;
        try {
            uri = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return "http".equals(uri.getScheme()) && uri.getRawPath() != null && uri.getRawPath().isEmpty()
                && isLoopback(uri.getRawAuthority() == null ? "" : uri.getRawAuthority(), port);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
