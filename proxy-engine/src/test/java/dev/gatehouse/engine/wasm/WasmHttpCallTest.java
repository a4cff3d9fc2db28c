package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestCertificates;
import dev.gatehouse.engine.testing.TestGateway;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxy_http_call} through the clusters' own balancers and pools, with the http_caller test
 * module (source in wasm-filters/test/http_caller.c): demo-backend endpoints balanced, a TLS cluster,
 * an unknown cluster refused, and a timeout answered with no headers and no body, as Envoy does.
 */
class WasmHttpCallTest {
    @TempDir
    static Path dir;
    private static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        int closedPort;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort(); // nothing listens there once it closes
        }
        var certs = TestCertificates.in(dir);
        certs.server("backend", "IP:127.0.0.1");
        gw = TestGateway.start("""
                filters:
                  - name: caller
                    type: wasm
                    config: {module: %s}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [caller]}
                routes:
                  - {name: all, match: {prefix: /}, cluster: pair}
                clusters:
                  - {name: pair, endpoints: [{backend: echo-a}, {backend: echo-b}]}
                  - {name: secure, endpoints: [{backend: secure-echo}], tls: {ca: ca.pem}}
                  - {name: slow, endpoints: [{backend: slow-echo}]}
                  - {name: h2, protocol: http2, endpoints: [{backend: echo-a}]}
                  - {name: dead, endpoints: [{address: "127.0.0.1:%d"}]}
                demo_backends:
                  - {name: echo-a, kind: echo}
                  - {name: echo-b, kind: echo}
                  - {name: secure-echo, kind: echo, tls: {cert: backend.pem, key: backend-key.pem}}
                  - {name: slow-echo, kind: echo, latency: 10s}
                """.formatted(WasmModules.test("http_caller"), closedPort), dir);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static String call(String cluster, String... more) {
        String[] headers = new String[more.length + 2];
        headers[0] = "x-call-cluster";
        headers[1] = cluster;
        System.arraycopy(more, 0, headers, 2, more.length);
        var response = gw.get("/x", headers);
        return response.statusCode() + " " + response.body();
    }

    @Test
    void callsAreBalancedOverTheClustersDemoBackends() {
        Set<String> backends = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            String answer = call("pair", "x-call-path", "/hello");
            assertThat(answer).startsWith("200 status=200;").contains(";body={");
            backends.add(answer.replaceAll(".*;backend=([^;]*);.*", "$1"));
        }
        assertThat(backends).containsExactlyInAnyOrder("echo-a", "echo-b");
        assertThat(gw.metric("gatehouse_wasm_http_calls_total{cluster=\"pair\",filter=\"caller\",outcome=\"2xx\"}"))
                .isGreaterThanOrEqualTo(6);
        assertThat(gw.metric("gatehouse_upstream_requests_total{cluster=\"pair\",outcome=\"2xx\"}"))
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void aTlsClusterIsCalledOverTls() {
        assertThat(call("secure")).startsWith("200 status=200;").contains(";backend=secure-echo;");
    }

    @Test
    void anHttp2ClusterIsCalledOverItsSharedConnection() {
        assertThat(call("h2", "x-call-path", "/two")).startsWith("200 status=200;").contains(";backend=echo-a;");
        assertThat(call("h2", "x-call-path", "/again")).startsWith("200 status=200;");
    }

    @Test
    void aConnectFailureAnswersWithNoHeadersAndNoBody() {
        assertThat(call("dead")).isEqualTo("200 status=;headers=0;body_size=0;backend=;body=");
        assertThat(gw.metric("gatehouse_wasm_http_calls_total{cluster=\"dead\",filter=\"caller\",outcome=\"connect_failure\"}"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void anUnknownClusterIsABadArgument() {
        assertThat(call("nowhere")).isEqualTo("500 dispatch=2");
    }

    @Test
    void aTimeoutAnswersWithNoHeadersAndNoBody() {
        assertThat(call("slow", "x-call-timeout", "100")).isEqualTo("200 status=;headers=0;body_size=0;backend=;body=");
        assertThat(gw.metric("gatehouse_wasm_http_calls_total{cluster=\"slow\",filter=\"caller\",outcome=\"timeout\"}"))
                .isGreaterThanOrEqualTo(1);
    }
}
