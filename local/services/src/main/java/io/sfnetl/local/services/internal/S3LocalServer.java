package io.sfnetl.local.services.internal;

import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible server (s3proxy) on 127.0.0.1 and a free port. Authentication is off, so any
 * credentials (dummy, anonymous) are accepted: the server is only reachable from this machine. A
 * persistent store is first cleared of uploads that a killed process left half-written
 * ({@link IncompleteUploads}).
 */
public final class S3LocalServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3LocalServer.class);

    private final S3Proxy proxy;
    private final URI endpoint;

    private S3LocalServer(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /**
     * @param blobDir directory of the filesystem store; {@code null} for an in-memory store.
     *                Made absolute here: s3proxy's filesystem store with a relative path accepts puts but
     *                lists nothing.
     */
    public static S3LocalServer start(Path blobDir) throws Exception {
        if (blobDir != null) {
            var removed = IncompleteUploads.remove(blobDir);
            if (!removed.isEmpty()) {
                LOG.warn("Removed {} incomplete upload(s) left by an earlier crash under {}: {}",
                        removed.size(), blobDir, removed.size() <= 5 ? removed : removed.subList(0, 5) + " ...");
            }
        }
        BlobStore store = blobDir == null
                ? new TransientNio2BlobStore()
                : new FilesystemNio2BlobStore(blobDir.toAbsolutePath().normalize().toString());
        var proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + Loopback.HOST + ":0"))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .ignoreUnknownHeaders(true)
                .stopTimeout(0) // graceful stop would wait for the clients' idle keep-alive connections
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            proxy.stop();
            throw e;
        }
        return new S3LocalServer(proxy, URI.create("http://" + Loopback.HOST + ":" + proxy.getPort()));
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
