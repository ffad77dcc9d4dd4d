package io.sfnetl.local.services.internal;

import com.amazonaws.services.dynamodbv2.local.monitoring.Telemetry;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * DynamoDB Local served on 127.0.0.1 only.
 *
 * <p>Why not {@code ServerRunner}/{@code DynamoDBProxyServer}: that server is a Jetty {@code Server(port)},
 * whose connector binds every interface, and it has no host option. We build the very same handler chain
 * that {@code ServerRunner.createServer} builds ({@link LocalDynamoDBRequestHandler} inside a
 * {@link LocalDynamoDBServerHandler} inside a {@link ContextHandler}), but mount it on our own Jetty
 * server whose only connector binds {@code 127.0.0.1} on a free port. Compared with a proxy in front of
 * {@code DynamoDBEmbedded}, this keeps DynamoDB Local's own HTTP protocol handling (error shapes, CRC32
 * headers, streams, PartiQL) byte for byte, with no extra hop.
 *
 * <p>Always {@code sharedDb}: one database whatever the access key and region, so dummy or anonymous
 * credentials all see the same tables. Requests without an {@code Authorization} header (SDK anonymous
 * credentials) get a dummy one, because DynamoDB Local reads the access key from that header.
 * Telemetry is disabled (as {@code -disableTelemetry}).
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    /** Added to unsigned requests; DynamoDB Local only parses the access key out of it. */
    static final String ANONYMOUS_AUTHORIZATION =
            "AWS4-HMAC-SHA256 Credential=anonymous/20000101/us-east-1/dynamodb/aws4_request, "
                    + "SignedHeaders=host, Signature=0";

    private final Server server;
    private final LocalDynamoDBServerHandler dynamoHandler;
    private final URI endpoint;

    private DynamoDbLocalServer(Server server, LocalDynamoDBServerHandler dynamoHandler, URI endpoint) {
        this.server = server;
        this.dynamoHandler = dynamoHandler;
        this.endpoint = endpoint;
    }

    /**
     * Starts DynamoDB Local on 127.0.0.1 and a free port.
     *
     * @param dbDir directory holding {@code shared-local-instance.db}; {@code null} for in-memory
     */
    public static DynamoDbLocalServer start(Path dbDir) throws Exception {
        disableTelemetry(dbDir == null);
        var requestHandler = new LocalDynamoDBRequestHandler(
                0, dbDir == null, dbDir == null ? null : dbDir.toString(), true, false);
        var dynamoHandler = new LocalDynamoDBServerHandler(requestHandler, null);

        var threads = new QueuedThreadPool(64, 4);
        threads.setName("dynamodb-local");
        threads.setDaemon(true);
        var server = new Server(threads);
        var connector = new ServerConnector(server, 1, 1);
        connector.setHost(Loopback.HOST);
        connector.setPort(0);
        server.addConnector(connector);
        var context = new ContextHandler();
        context.setHandler(new AnonymousAuthorization(dynamoHandler));
        server.setHandler(context);
        server.setStopTimeout(0); // graceful stop would wait for the clients' idle keep-alive connections
        try {
            server.start();
        } catch (Exception e) {
            safeStop(server, dynamoHandler);
            throw e;
        }
        var endpoint = URI.create("http://" + Loopback.HOST + ":" + connector.getLocalPort());
        return new DynamoDbLocalServer(server, dynamoHandler, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        safeStop(server, dynamoHandler);
    }

    private static void safeStop(Server server, LocalDynamoDBServerHandler handler) throws Exception {
        try {
            server.stop();
        } finally {
            // Closes the sqlite database (flushes an on-disk one).
            handler.close();
        }
    }

    private static void disableTelemetry(boolean inMemory) {
        // ServerRunner.createServer does the same with isTelemetryEnabled(disableTelemetry=true) == false.
        Telemetry.configureTelemetry("MAVEN", inMemory ? "IN_MEMORY_SHARED_DB" : "SHARED_DB", false);
    }

    /** Gives requests signed with anonymous credentials the header DynamoDB Local insists on. */
    static final class AnonymousAuthorization extends Handler.Wrapper {

        AnonymousAuthorization(Handler handler) {
            super(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (request.getHeaders().contains(HttpHeader.AUTHORIZATION)) {
                return super.handle(request, response, callback);
            }
            var headers = HttpFields.build(request.getHeaders())
                    .add(HttpHeader.AUTHORIZATION, ANONYMOUS_AUTHORIZATION)
                    .asImmutable();
            return super.handle(new Request.Wrapper(request) {
                @Override
                public HttpFields getHeaders() {
                    return headers;
                }
            }, response, callback);
        }
    }
}
