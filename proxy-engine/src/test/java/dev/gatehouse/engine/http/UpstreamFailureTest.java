package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.upstream.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each way an upstream can fail, and the status and flag the client sees for it. */
class UpstreamFailureTest {
    private static TestGateway gw;
    private static int deadPort;

    @BeforeAll
    static void start() {
        deadPort = StubUpstream.deadPort();
        gw = TestGateway.start("""
                listeners:
                  - name: main
                    address: 127.0.0.1:0
                routes:
                  - name: dead
                    match: {prefix: /dead}
                    cluster: dead
                  - name: slow
                    match: {prefix: /slow}
                    timeout: 300ms
                    cluster: echo
                  - name: drained
                    match: {prefix: /drained}
                    cluster: drained
                  - name: echo
                    match: {prefix: /}
                    cluster: echo
                clusters:
                  - name: dead
                    connect_timeout: 1s
                    endpoints: [{address: "127.0.0.1:%d"}]
                  - name: echo
                    endpoints: [{backend: echo}]
                  - name: drained
                    endpoints: [{backend: echo}]
                demo_backends:
                  - {name: echo, kind: echo}
                """.formatted(deadPort));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void connectFailureIs503WithUF() {
        var response = gw.get("/dead");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("UF");
        assertThat(response.body()).contains("upstream connect error").contains(":" + deadPort);
    }

    @Test
    void upstreamResetIs502WithUR() {
        var response = gw.get("/reset", "x-echo-close", "1");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("UR");
    }

    @Test
    void routeTimeoutIs504WithUT() {
        var response = gw.get("/slow", "x-echo-delay-ms", "3000");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("UT");
    }

    @Test
    void noHealthyEndpointIs503WithUH() {
        Cluster drained = gw.gateway().clusters().stream().filter(c -> c.name().equals("drained")).findFirst().orElseThrow();
        drained.endpoints().forEach(e -> e.setHealthy(false));
        var response = gw.get("/drained");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("UH");
    }

    @Test
    void upstreamErrorStatusPassesThroughUnflagged() {
        var response = gw.get("/teapot", "x-echo-status", "503");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).isEmpty();
        assertThat(response.headers().firstValue("x-backend")).hasValue("echo");
    }

    @Test
    void connectionSurvivesLocalReplies() throws Exception {
        try (var raw = new dev.gatehouse.engine.testing.RawHttp(gw.port())) {
            raw.send("GET /dead HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(503);
            raw.send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void timeoutsStillFireForLaterRequestsOnAKeptAliveConnection() throws Exception {
        try (var raw = new dev.gatehouse.engine.testing.RawHttp(gw.port())) {
            raw.send("GET /quick HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
            raw.send("GET /slow HTTP/1.1\r\nHost: a\r\nx-echo-delay-ms: 3000\r\n\r\n");
            var timedOut = raw.readResponse();
            assertThat(timedOut.status()).isEqualTo(504);
            assertThat(timedOut.header(ResponseFlag.HEADER)).isEqualTo("UT");
        }
    }
}
