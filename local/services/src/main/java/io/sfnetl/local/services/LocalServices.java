package io.sfnetl.local.services;

import io.sfnetl.local.services.internal.DataDirLock;
import io.sfnetl.local.services.internal.DynamoDbLocalServer;
import io.sfnetl.local.services.internal.QuietLogging;
import io.sfnetl.local.services.internal.S3LocalServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * An S3-compatible server (s3proxy) and DynamoDB Local, both listening on 127.0.0.1 only, each on a free
 * port chosen at start.
 *
 * <p>With a data directory the services persist under it ({@code s3/} holds the buckets as plain
 * directories and files, {@code dynamodb/shared-local-instance.db} the tables) and a later
 * {@code start} with the same directory sees the same data. Without one both are in memory and the
 * data is gone at {@link #close()}. A data directory is used by one instance at a time (a lock file);
 * after a crash, completed writes are kept and half-written uploads are removed at the next start.
 *
 * <p>Any credentials work, dummy or anonymous: authentication is off (S3) or ignored (DynamoDB Local runs
 * as one shared database, whatever the access key and region). Nothing listens beyond the loopback
 * interface.
 *
 * <p>Thread-safe. {@link #s3Client()} and {@link #dynamoDbClient()} are shared clients owned by this
 * instance and closed with it; the static {@link #s3Client(URI)} and {@link #dynamoDbClient(URI)} build
 * new clients that the caller owns.
 */
public final class LocalServices implements AutoCloseable {

    /** Dummy static credentials used by the clients built here. */
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";

    private static final Logger LOG = LoggerFactory.getLogger(LocalServices.class);
    private static final Region REGION = Region.US_EAST_1;

    /**
     * How to start the services.
     *
     * @param dataDir directory to persist S3 objects and DynamoDB tables under (created if missing);
     *                {@code null} means in-memory
     * @param quiet   {@code true}: do not log the endpoints at start (the embedded servers' own logging is
     *                kept at WARN either way)
     */
    public record Options(Path dataDir, boolean quiet) {

        /** In-memory and quiet: what tests want. */
        public static Options inMemory() {
            return new Options(null, true);
        }

        /** Persistent under {@code dataDir}, endpoints logged at start. */
        public static Options persistent(Path dataDir) {
            return new Options(dataDir, false);
        }
    }

    private final Options options;
    private final DataDirLock lock;
    private final S3LocalServer s3;
    private final DynamoDbLocalServer dynamoDb;
    private final S3Client s3Client;
    private final DynamoDbClient dynamoDbClient;
    private final Duration startupTime;
    private volatile boolean closed;

    private LocalServices(Options options, DataDirLock lock, S3LocalServer s3, DynamoDbLocalServer dynamoDb,
            Duration startupTime) {
        this.options = options;
        this.lock = lock;
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.startupTime = startupTime;
        this.s3Client = s3Client(s3.endpoint());
        this.dynamoDbClient = dynamoDbClient(dynamoDb.endpoint());
    }

    /**
     * Starts both services and returns when both accept requests.
     *
     * @throws LocalServicesException if either cannot start (the other is then stopped)
     */
    public static LocalServices start(Options options) {
        long t0 = System.nanoTime();
        java.util.Objects.requireNonNull(options, "options: use Options.inMemory() or Options.persistent(dir)");
        QuietLogging.apply();
        Path dataDir = options.dataDir() == null ? null : options.dataDir().toAbsolutePath().normalize();
        String where = dataDir == null ? "in memory" : "with data under " + dataDir;
        Path s3Dir = dataDir == null ? null : createDirectories(dataDir.resolve("s3"));
        Path dynamoDir = dataDir == null ? null : createDirectories(dataDir.resolve("dynamodb"));
        DataDirLock lock = dataDir == null ? null : lock(dataDir);

        // The two servers are independent: start them side by side (cold start here ~0.8 s for both).
        var s3Start = new CompletableFuture<S3LocalServer>();
        Thread.ofPlatform().daemon().name("local-s3-start").start(() -> {
            try {
                s3Start.complete(S3LocalServer.start(s3Dir));
            } catch (Throwable e) {
                s3Start.completeExceptionally(e);
            }
        });
        DynamoDbLocalServer dynamoDb = null;
        Throwable dynamoFailure = null;
        try {
            dynamoDb = DynamoDbLocalServer.start(dynamoDir);
        } catch (Throwable e) {
            dynamoFailure = e;
        }
        S3LocalServer s3 = null;
        Throwable s3Failure = null;
        try {
            s3 = s3Start.join();
        } catch (CompletionException e) {
            s3Failure = e.getCause();
        }

        if (s3Failure != null || dynamoFailure != null) {
            var failure = new LocalServicesException(s3Failure != null
                    ? "Could not start the local S3 server (s3proxy) on 127.0.0.1 " + where + ": " + s3Failure
                            + ". Check that the directory is writable."
                    : "Could not start DynamoDB Local on 127.0.0.1 " + where + ": " + dynamoFailure
                            + ". Check that the directory is writable and its database file not damaged.",
                    s3Failure != null ? s3Failure : dynamoFailure);
            if (s3Failure != null && dynamoFailure != null) {
                failure.addSuppressed(dynamoFailure);
            }
            closeQuietly(s3, failure);
            closeQuietly(dynamoDb, failure);
            closeQuietly(lock, failure);
            throw failure;
        }
        var services = new LocalServices(new Options(dataDir, options.quiet()), lock, s3, dynamoDb,
                Duration.ofNanos(System.nanoTime() - t0));
        if (!options.quiet()) {
            LOG.info("Local services started {} in {} ms: S3 {} DynamoDB {}",
                    where, services.startupTime.toMillis(), services.s3Endpoint(), services.dynamoDbEndpoint());
        }
        return services;
    }

    /** {@code http://127.0.0.1:<port>} of the S3 server. */
    public URI s3Endpoint() {
        return s3.endpoint();
    }

    /** {@code http://127.0.0.1:<port>} of DynamoDB Local. */
    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    /** The region the clients use ({@code us-east-1}); the services themselves accept any. */
    public Region region() {
        return REGION;
    }

    /** A shared S3 client for this instance (path-style, dummy credentials); closed by {@link #close()}. */
    public S3Client s3Client() {
        return s3Client;
    }

    /** A shared DynamoDB client for this instance (dummy credentials); closed by {@link #close()}. */
    public DynamoDbClient dynamoDbClient() {
        return dynamoDbClient;
    }

    /** The absolute data directory, or {@code null} when in memory. */
    public Path dataDir() {
        return options.dataDir();
    }

    /** How long {@link #start(Options)} took. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * A new S3 client for a local endpoint: url-connection HTTP client, {@code us-east-1}, static dummy
     * credentials, path-style access. The caller closes it.
     */
    public static S3Client s3Client(URI endpoint) {
        return s3ClientBuilder(endpoint).build();
    }

    /**
     * The builder behind {@link #s3Client(URI)}, for callers that add their own settings (e.g. a retry strategy).
     *
     * <p>Over plain HTTP the SDK would send PutObject bodies as signed {@code aws-chunked} frames
     * ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}). s3proxy stops reading such a body after the declared decoded
     * length, so the final zero-length frame stays unread and Jetty drops the connection: about one PUT in ten then
     * failed with "Error writing request body to server", and now and then all four SDK attempts in a row did
     * (a flaky workflow test). Chunked encoding is therefore off: the body goes as it is, with
     * {@code UNSIGNED-PAYLOAD}. Checksums only where S3 requires them, for the same reason (aws-chunked trailers).
     */
    public static software.amazon.awssdk.services.s3.S3ClientBuilder s3ClientBuilder(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(dummyCredentials())
                .forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create());
    }

    /**
     * A new DynamoDB client for a local endpoint: url-connection HTTP client, {@code us-east-1}, static
     * dummy credentials. The caller closes it.
     */
    public static DynamoDbClient dynamoDbClient(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(dummyCredentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Stops both services (flushing on-disk data) and closes the shared clients. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        s3Client.close();
        dynamoDbClient.close();
        Exception failure = null;
        for (AutoCloseable resource : new AutoCloseable[] {dynamoDb, s3, lock}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw new LocalServicesException("Could not stop the local services cleanly "
                    + (options.dataDir() == null ? "(in memory)" : "with data under " + options.dataDir())
                    + ": " + failure + ". On-disk data may be incomplete.", failure);
        }
    }

    @Override
    public String toString() {
        return "LocalServices[s3=" + s3Endpoint() + ", dynamoDb=" + dynamoDbEndpoint()
                + ", dataDir=" + (options.dataDir() == null ? "in-memory" : options.dataDir()) + "]";
    }

    private static StaticCredentialsProvider dummyCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LocalServicesException("Could not create the local services' data directory " + dir
                    + ": " + e + ". Choose a writable directory.", e);
        }
    }

    private static DataDirLock lock(Path dataDir) {
        try {
            return DataDirLock.acquire(dataDir);
        } catch (IllegalStateException e) {
            throw new LocalServicesException("Could not start the local services: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LocalServicesException("Could not lock the local services' data directory " + dataDir
                    + ": " + e + ". Choose a writable directory.", e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable, Exception primary) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
