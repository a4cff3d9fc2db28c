package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.upstream.Cluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each way an upstream can fail, and the status and flag the client sees for it. */
class UpstreamFailureTest {
    private static TestGateway gw;
    private static int deadPort;
    private static ServerSocket unanswering;
    private static final List<Socket> backlogFillers = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        deadPort = StubUpstream.deadPort();
        unanswering = listenerThatTakesNoMoreConnections();
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
                  - name: unanswering
                    match: {prefix: /unanswering}
                    timeout: 10s
                    cluster: unanswering
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
                  - name: unanswering
                    connect_timeout: 250ms
                    endpoints: [{address: "127.0.0.1:%d"}]
                demo_backends:
                  - {name: echo, kind: echo}
                """.formatted(deadPort, unanswering.getLocalPort()));
    }

    /**
     * A listening socket whose accept queue (backlog 1, never accepted from) is already full: Linux
     * drops further SYNs, so a connect neither succeeds nor is refused, it hangs.
     */
    private static ServerSocket listenerThatTakesNoMoreConnections() throws IOException {
        var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 10; i++) {
            var filler = new Socket();
            backlogFillers.add(filler);
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 300);
            } catch (SocketTimeoutException full) {
                return server;
            }
        }
        throw new IllegalStateException("connects to a listener with a full backlog do not hang here");
    }

    @AfterAll
    static void stop() throws IOException {
        gw.close();
        for (Socket filler : backlogFillers) {
            filler.close();
        }
        unanswering.close();
    }

    @Test
    void connectFailureIs503WithUF() {
        var response = gw.get("/dead");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("UF");
        assertThat(response.body()).contains("upstream connect error").contains(":" + deadPort);
    }

    @Test
    void anUpstreamThatDoesNotAnswerTheConnectInTimeIs503WithUF() {
        String attempts = "gatehouse_upstream_requests_total{cluster=\"unanswering\",outcome=\"connect_failure\"}";
        double before = gw.metric(attempts);
        var response = gw.get("/unanswering");
        // 503 UF, not the route timeout's 504 UT: the connect timeout fired first.
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("UF");
        assertThat(response.body()).contains("upstream connect error").contains("timed out");
        assertThat(gw.metric(attempts) - before).isEqualTo(1);
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
        Cluster drained = gw.cluster("drained");
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
