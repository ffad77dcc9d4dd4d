package io.sfnetl.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleHandlerTest {

    @Test
    void resolve_folderAndFiles_relativePath() {
        assertThat(ConsoleHandler.resolve("/console/")).contains("index.html");
        assertThat(ConsoleHandler.resolve("/console/js/app.mjs")).contains("js/app.mjs");
        assertThat(ConsoleHandler.resolve("/console/vendor/elkjs/elk.bundled.js")).contains("vendor/elkjs/elk.bundled.js");
    }

    @Test
    void resolve_traversalEncodedOrHidden_refused() {
        for (String path : new String[] {"/console/../pom.xml", "/console/js/../../x", "/console/%2e%2e/x",
                "/console/js/..%2fapp.mjs", "/console/.hidden", "/console//js/app.mjs", "/console/js\\app.mjs",
                "/console/js/", "/console/a%00b", "/consolex/index.html", "/index.html", "/console/..", null}) {
            assertThat(ConsoleHandler.resolve(path)).as(path).isEmpty();
        }
    }

    @Test
    void contentType_byExtension_typedWithCharsetAndOctetStreamWhenUnknown() {
        assertThat(ConsoleHandler.contentType("index.html")).isEqualTo("text/html; charset=utf-8");
        assertThat(ConsoleHandler.contentType("js/app.mjs")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(ConsoleHandler.contentType("vendor/elkjs/elk.bundled.js")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(ConsoleHandler.contentType("console.CSS")).isEqualTo("text/css; charset=utf-8");
        assertThat(ConsoleHandler.contentType("a.svg")).isEqualTo("image/svg+xml");
        assertThat(ConsoleHandler.contentType("vendor/elkjs/LICENSE.md")).isEqualTo("text/plain; charset=utf-8");
        assertThat(ConsoleHandler.contentType("archive.tar")).isEqualTo("application/octet-stream");
        assertThat(ConsoleHandler.contentType("noext")).isEqualTo("application/octet-stream");
    }

    @Test
    void csp_scriptsStylesAndFetchesFromSelfOnly_noInlineNoEvalNoFraming() {
        assertThat(ConsoleHandler.CSP).contains("default-src 'none'", "script-src 'self';", "connect-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(ConsoleHandler.SECURITY_HEADERS).containsEntry("X-Content-Type-Options", "nosniff");
    }

    @Test
    void classpathResources_packagedFiles_foundAndMissingEmpty() {
        ConsoleHandler.Resources r = ConsoleHandler.classpathResources();
        assertThat(r.read("index.html")).hasValueSatisfying(b -> assertThat(new String(b)).contains("sfn-etl console"));
        assertThat(r.read("vendor/elkjs/LICENSE.md")).isPresent();
        assertThat(r.read("nope.js")).isEmpty();
    }

    @Test
    void problem_loopbackHostsAndOwnOrigin_pass() {
        assertThat(LoopbackGuard.problem("127.0.0.1:8080", null, 8080)).isNull();
        assertThat(LoopbackGuard.problem("localhost:8080", "http://localhost:8080", 8080)).isNull();
        assertThat(LoopbackGuard.problem("[::1]:8080", "http://127.0.0.1:8080", 8080)).isNull();
        assertThat(LoopbackGuard.problem(null, null, 8080)).isNull();
    }

    @Test
    void problem_foreignHost_refusedNamingTheHost() {
        assertThat(LoopbackGuard.problem("evil.example:8080", null, 8080)).contains("Host 'evil.example:8080'",
                "127.0.0.1:8080");
        assertThat(LoopbackGuard.problem("127.0.0.1:9999", null, 8080)).contains("not this machine's loopback");
    }

    @Test
    void problem_foreignOrOpaqueOrigin_refused() {
        assertThat(LoopbackGuard.problem("127.0.0.1:8080", "http://evil.example", 8080))
                .contains("Cross-origin request from 'http://evil.example'");
        assertThat(LoopbackGuard.problem("127.0.0.1:8080", "http://127.0.0.1:8081", 8080)).contains("Cross-origin");
        assertThat(LoopbackGuard.problem("127.0.0.1:8080", "https://127.0.0.1:8080", 8080)).contains("Cross-origin");
        assertThat(LoopbackGuard.problem("127.0.0.1:8080", "null", 8080)).contains("opaque origin");
    }
}
