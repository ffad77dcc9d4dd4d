package io.sfnetl.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console mounted on the real Step Functions API server, over HTTP on 127.0.0.1. */
class ConsoleServerIT {
    private static ConsoleFixture fixture;
    private static HttpClient http;
    private static URI base;

    @BeforeAll
    static void start() {
        fixture = new ConsoleFixture(0.01);
        base = fixture.server().endpoint();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request written by hand, so that the path and headers reach the server exactly as given. */
    private static String raw(String method, String path, String host, String extraHeaders) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String self() {
        return "127.0.0.1:" + base.getPort();
    }

    @Test
    void get_consoleFolder_indexHtmlWithSecurityHeaders() throws Exception {
        HttpResponse<String> r = get("/console/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Security-Policy")).contains(ConsoleHandler.CSP);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.body()).contains("<title>sfn-etl console</title>");
    }

    @Test
    void get_assets_servedWithTheirContentTypes() throws Exception {
        assertThat(get("/console/js/app.mjs").headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(get("/console/console.css").headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        HttpResponse<String> elk = get("/console/vendor/elkjs/elk.bundled.js");
        assertThat(elk.statusCode()).isEqualTo(200);
        assertThat(elk.body()).contains("g.ELK = f()");
    }

    @Test
    void get_consoleWithoutSlash_redirectedToTheFolder() throws Exception {
        HttpResponse<String> r = get("/console");
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(r.headers().firstValue("Location")).contains("/console/");
    }

    @Test
    void get_missingFile_404WithTheConsolePath() throws Exception {
        HttpResponse<String> r = get("/console/js/nope.mjs");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("Not found: /console/js/nope.mjs", "/console/");
        assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void get_traversalPaths_404AndNoFileContent() throws Exception {
        for (String path : new String[] {"/console/../console/index.html", "/console/%2e%2e/%2e%2e/pom.xml",
                "/console/js/..%2f..%2fconsole.css", "/console/..\\index.html", "/console/./index.html"}) {
            String answer = raw("GET", path, self(), "");
            // 404 from the handler; a backslash is already refused by the JDK's server as a bad URI (400).
            assertThat(answer).as(path).matches("(?s)HTTP/1\\.1 40[04] .*").doesNotContain("<title>", "<project");
        }
    }

    @Test
    void server_boundToLoopbackOnly_thisMachinesOtherAddressesRefuseConnections() throws Exception {
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
        List<InetAddress> others = NetworkInterface.networkInterfaces().filter(ConsoleServerIT::up)
                .flatMap(NetworkInterface::inetAddresses).filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
        for (InetAddress other : others) {
            assertThatThrownBy(() -> new Socket(other, base.getPort()).close()).as("connect to " + other)
                    .isInstanceOf(ConnectException.class);
        }
    }

    private static boolean up(NetworkInterface i) {
        try {
            return i.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    @Test
    void post_toConsole_405() throws Exception {
        assertThat(raw("POST", "/console/", self(), "")).startsWith("HTTP/1.1 405").contains("Allow: GET, HEAD");
    }

    @Test
    void api_sameOriginOrNoOrigin_answers() throws Exception {
        String target = "X-Amz-Target: AWSStepFunctions.ListStateMachines\r\n";
        assertThat(raw("POST", "/", self(), target)).startsWith("HTTP/1.1 200").contains(ConsoleFixture.MACHINE);
        assertThat(raw("POST", "/", self(), target + "Origin: http://" + self() + "\r\n")).startsWith("HTTP/1.1 200");
        assertThat(raw("POST", "/", "localhost:" + base.getPort(), target + "Origin: http://localhost:" + base.getPort()
                + "\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void api_crossOriginWrite_403AndNothingStarted() throws Exception {
        String answer = raw("POST", "/", self(), "X-Amz-Target: AWSStepFunctions.StartExecution\r\n"
                + "Origin: http://evil.example\r\n");
        assertThat(answer).startsWith("HTTP/1.1 403").contains("AccessDeniedException",
                "Cross-origin request from 'http://evil.example'");
        assertThat(fixture.server().service().executions()).isEmpty();
    }

    @Test
    void anyPath_foreignHostHeader_403() throws Exception {
        assertThat(raw("GET", "/console/", "evil.example:" + base.getPort(), "")).startsWith("HTTP/1.1 403")
                .contains("is not this machine's loopback address");
        assertThat(raw("POST", "/", "rebind.example", "X-Amz-Target: AWSStepFunctions.ListStateMachines\r\n"))
                .startsWith("HTTP/1.1 403");
    }

    @Test
    void etlEndpoint_serverWithoutTwinData_404JsonSayingWhy() throws Exception {
        HttpResponse<String> r = get("/console/api/job/some-run");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).contains(ConsoleApi.JSON_TYPE);
        assertThat(r.body()).contains("\"error\":\"NoEtlData\"", "need the local twin");
        assertThat(raw("GET", "/console/api/schedule", "evil.example:" + base.getPort(), "")).startsWith("HTTP/1.1 403");
    }
}
