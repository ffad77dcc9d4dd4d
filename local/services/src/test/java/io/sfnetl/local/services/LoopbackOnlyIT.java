package io.sfnetl.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sfnetl.local.services.junit.WithLocalServices;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Nothing this JVM listens on may be reachable beyond loopback: DynamoDB Local's own server would bind
 * 0.0.0.0, which this test catches.
 */
@WithLocalServices
class LoopbackOnlyIT {

    private final LocalServices services;

    LoopbackOnlyIT(LocalServices services) {
        this.services = services;
    }

    @Test
    void endpoints_areLoopbackLiterals() {
        assertThat(services.s3Endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(services.dynamoDbEndpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(services.s3Endpoint().getPort()).isPositive().isNotEqualTo(services.dynamoDbEndpoint().getPort());
    }

    @Test
    void listeningSockets_ofThisJvm_areBoundToLoopbackOnly() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc/net/tcp");

        List<ListeningSocket> ours = ListeningSocket.ofThisProcess();

        assertThat(ours).extracting(ListeningSocket::port)
                .contains(services.s3Endpoint().getPort(), services.dynamoDbEndpoint().getPort());
        assertThat(ours).allSatisfy(socket -> assertThat(socket.loopback())
                .as("%s listens beyond loopback", socket).isTrue());
    }

    @Test
    void connect_viaNonLoopbackAddress_isRefused() throws SocketException {
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .filter(this::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        assumeTrue(external.isPresent(), "no non-loopback IPv4 address on this machine");

        for (int port : new int[] {services.s3Endpoint().getPort(), services.dynamoDbEndpoint().getPort()}) {
            assertThatThrownBy(() -> {
                try (var socket = new Socket()) {
                    socket.connect(new InetSocketAddress(external.get(), port), 2_000);
                }
            }).as("port %d via %s", port, external.get())
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("refused");
        }
    }

    private boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    /** A LISTEN row of /proc/net/tcp or tcp6 whose socket inode is one of this process's descriptors. */
    record ListeningSocket(String file, String localAddressHex, int port) {

        boolean loopback() {
            return localAddressHex.equals("0100007F")                                   // 127.0.0.1
                    || localAddressHex.equals("00000000000000000000000001000000")       // ::1
                    || localAddressHex.equals("0000000000000000FFFF00000100007F");      // ::ffff:127.0.0.1
        }

        static List<ListeningSocket> ofThisProcess() throws IOException {
            List<String> inodes = new ArrayList<>();
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException e) {
                        // descriptor closed while listing
                    }
                }
            }
            List<ListeningSocket> result = new ArrayList<>();
            for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path path = Path.of(file);
                if (!Files.isReadable(path)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(path); // one read: the table changes as sockets come and go
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    boolean listening = f[3].equals("0A");
                    if (listening && inodes.contains(f[9])) {
                        String[] local = f[1].split(":");
                        result.add(new ListeningSocket(file, local[0], Integer.parseInt(local[1], 16)));
                    }
                }
            }
            return result;
        }
    }
}
