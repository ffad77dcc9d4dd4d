package io.sfnetl.local.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Step Functions API on 127.0.0.1 only, in the AWS JSON 1.0 protocol that the AWS SDKs and
 * {@code aws stepfunctions --endpoint-url} speak: {@code POST /} with {@code X-Amz-Target: AWSStepFunctions.<Operation>}
 * and a JSON body, answered with {@code Content-Type: application/x-amz-json-1.0}. Errors are HTTP 400 (500 for a
 * bug of the twin) with {@code {"__type": "com.amazonaws.swf.service.v2.model#<Name>", "message": ...}}, as AWS sends
 * them. One virtual thread per request.
 */
public final class StepFunctionsServer implements AutoCloseable {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final String TYPE_PREFIX = "com.amazonaws.swf.service.v2.model#";
    private static final Logger LOG = LoggerFactory.getLogger(StepFunctionsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final ExecutorService executor;
    private final StepFunctionsService service;
    private io.sfnetl.local.console.Console console;

    private StepFunctionsServer(HttpServer http, ExecutorService executor, StepFunctionsService service) {
        this.http = http;
        this.executor = executor;
        this.service = service;
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @param port the port, 0 for any free one
     * @throws PortInUseException when the port is taken
     */
    public static StepFunctionsServer start(StepFunctionsService service, int port) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException e) {
            throw new PortInUseException(port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the Step Functions API on 127.0.0.1:" + port + ": " + e, e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        StepFunctionsServer server = new StepFunctionsServer(http, executor, service);
        HttpContext api = http.createContext("/", server::handle);
        // The web console under /console/ (io.sfnetl.local.console), and its loopback/same-origin guard on the API.
        server.console = io.sfnetl.local.console.Console.mount(http, api);
        http.start();
        return server;
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint to give SDKs and {@code --endpoint-url}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public StepFunctionsService service() {
        return service;
    }

    /** The web console mounted on this server (the twin gives it its stores with {@code serveData}). */
    public io.sfnetl.local.console.Console console() {
        return console;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            int status;
            try {
                ObjectNode out = dispatch(ex);
                body = JSON.writeValueAsBytes(out);
                status = 200;
            } catch (SfnApiException e) {
                body = JSON.writeValueAsBytes(error(e.type(), e.getMessage()));
                status = e.status();
            } catch (RuntimeException e) {
                LOG.error("Step Functions API: {} failed", ex.getRequestHeaders().getFirst("X-Amz-Target"), e);
                body = JSON.writeValueAsBytes(error("InternalFailure", "The local twin failed on this request: " + e));
                status = 500;
            }
            ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private ObjectNode dispatch(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            throw new SfnApiException("UnknownOperationException", "The Step Functions API takes POST / with an "
                    + "X-Amz-Target header (AWS JSON 1.0 protocol); got " + ex.getRequestMethod() + " "
                    + ex.getRequestURI());
        }
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new SfnApiException("UnknownOperationException", "Missing or unknown X-Amz-Target '" + target
                    + "'; expected AWSStepFunctions.<Operation>");
        }
        JsonNode req;
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            req = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new SfnApiException("SerializationException", "The request body is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (req == null || !req.isObject()) {
            throw new SfnApiException("SerializationException", "The request body must be a JSON object");
        }
        return service.call(target.substring(TARGET_PREFIX.length()), req);
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("__type", TYPE_PREFIX + type);
        o.put("message", message);
        return o;
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    /** The port is taken by another process. */
    public static final class PortInUseException extends RuntimeException {
        public PortInUseException(int port) {
            super("port " + port + " on 127.0.0.1 is in use (another 'etl local up'?); stop that process or choose "
                    + "another port with --port N");
        }
    }
}
