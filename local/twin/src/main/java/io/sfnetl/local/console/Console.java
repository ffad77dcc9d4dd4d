package io.sfnetl.local.console;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;

/**
 * The local web console: a static page under {@value #PATH} of the twin's Step Functions API server, which draws the
 * state machine graph and colours it live from the same API (the browser POSTs to {@code /} with
 * {@code X-Amz-Target}, as the SDKs do), so it shows exactly what the API reports. See {@code docs/console.md}.
 *
 * <p>Mounting also guards every context of the server with {@link LoopbackGuard}: requests must name a loopback host
 * (no DNS rebinding) and writes must come from the server's own origin (no cross-origin writes from other pages).
 */
public final class Console {
    /** Where the console is served: {@code http://127.0.0.1:<port>/console/}. */
    public static final String PATH = "/console/";

    private final ConsoleApi data;

    private Console(ConsoleApi data) {
        this.data = data;
    }

    /**
     * Serves the console on {@code http} and guards {@code api} (the server's Step Functions API context). The
     * console's read-only ETL endpoint ({@value ConsoleApi#PATH}) answers 404 until {@link #serveData} gives it the
     * twin's stores.
     *
     * @param http the server, bound to 127.0.0.1
     * @param api the context answering the API at {@code /}
     */
    public static Console mount(HttpServer http, HttpContext api) {
        LoopbackGuard guard = new LoopbackGuard(() -> http.getAddress().getPort());
        api.getFilters().add(guard);
        HttpContext console = http.createContext("/console", new ConsoleHandler(ConsoleHandler.classpathResources()));
        console.getFilters().add(guard);
        ConsoleApi data = new ConsoleApi();
        HttpContext dataContext = http.createContext(ConsoleApi.PATH, data);
        dataContext.getFilters().add(guard);
        return new Console(data);
    }

    /**
     * The twin's hook: the read-only endpoint reads job records, rejects, metrics and the schedule from these stores.
     */
    public void serveData(ConsoleData stores) {
        data.serve(stores);
    }

    /** The console's URL on a server whose API endpoint is {@code endpoint} ({@code http://127.0.0.1:<port>}). */
    public static URI url(URI endpoint) {
        return endpoint.resolve(PATH);
    }
}
