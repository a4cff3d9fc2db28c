package dev.gatehouse.engine.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.observe.HostEvent;
import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Active health checks against real sockets: transitions, traffic avoiding unhealthy hosts, events. */
class HealthCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHostFailingItsHealthPathIsAvoidedUntilItPassesAgain() throws Exception {
        try (var flaky = new StubUpstream(200, "flaky");
             var steady = new StubUpstream(200, "steady");
             var gw = TestGateway.start("""
                     listeners:
                       - {name: main, address: 127.0.0.1:0}
                     routes:
                       - {name: all, match: {prefix: /}, cluster: api}
                     clusters:
                       - name: api
                         endpoints: [{address: "%s"}, {address: "%s"}]
                         health_check:
                           path: /healthz
                           expected_statuses: ["200-299"]
                           interval: 50ms
                           jitter: 10ms
                           timeout: 5s
                           unhealthy_threshold: 2
                           healthy_threshold: 2
                     """.formatted(flaky.address(), steady.address()))) {
            Cluster cluster = OutlierDetectionTest.cluster(gw);
            Endpoint flakyEndpoint = endpointOf(cluster, flaky);
            // Endpoints start unhealthy and pass on their first check.
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.endpoints().stream().allMatch(Endpoint::isHealthy));

            flaky.setStatus(503);
            await().atMost(Duration.ofSeconds(10)).until(flakyEndpoint::failsHealthCheck);
            assertThat(flakyEndpoint.isHealthy()).isFalse();
            assertThat(flakyEndpoint.healthCheckDetail()).isEqualTo("status 503");
            JsonNode stats = endpointStats(gw, flakyEndpoint);
            assertThat(stats.get("healthy").asBoolean()).isFalse();
            assertThat(stats.get("health_check").get("healthy").asBoolean()).isFalse();
            assertThat(stats.get("health_check").get("last").asText()).isEqualTo("status 503");
            assertThat(gw.metric("gatehouse_endpoint_health_check_failing{cluster=\"api\",endpoint=\""
                    + flakyEndpoint.authority() + "\"}")).isEqualTo(1);
            for (int i = 0; i < 10; i++) {
                var response = gw.get("/");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("x-backend")).hasValue("steady");
            }

            flaky.setStatus(204);
            await().atMost(Duration.ofSeconds(10)).until(flakyEndpoint::isHealthy);
            List<HostEvent> events = gw.gateway().hostEvents().recent(50).stream()
                    .filter(e -> e.endpoint().equals(flakyEndpoint.authority())).toList();
            assertThat(events).extracting(HostEvent::action).containsExactly("healthy", "unhealthy", "healthy");
            assertThat(events).allMatch(e -> e.type().equals(HostEvent.HEALTH));
            assertThat(events.get(1).reason()).isEqualTo("status 503");
            assertThat(events.get(1).figures()).isEqualTo("failures=2 threshold=2");
            assertThat(events.get(2).figures()).isEqualTo("successes=2 threshold=2");
            assertThat(gw.metric("gatehouse_health_checks_total{cluster=\"api\",result=\"failure\"}")).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void tcpCheckOfAClosedPortMarksTheHostUnhealthy() {
        int deadPort = StubUpstream.deadPort();
        try (var alive = new StubUpstream(200, "alive");
             var gw = TestGateway.start("""
                     listeners:
                       - {name: main, address: 127.0.0.1:0}
                     routes:
                       - {name: all, match: {prefix: /}, cluster: api}
                     clusters:
                       - name: api
                         endpoints: [{address: "%s"}, {address: "127.0.0.1:%d"}]
                         health_check: {type: tcp, interval: 50ms, timeout: 5s, unhealthy_threshold: 2, initial_state: healthy}
                     """.formatted(alive.address(), deadPort))) {
            Cluster cluster = OutlierDetectionTest.cluster(gw);
            Endpoint dead = cluster.endpoints().get(1);
            await().atMost(Duration.ofSeconds(10)).until(dead::failsHealthCheck);
            assertThat(dead.healthCheckDetail()).startsWith("connect failed");
            assertThat(cluster.endpoints().get(0).isHealthy()).isTrue();
            for (int i = 0; i < 6; i++) {
                assertThat(gw.get("/").statusCode()).isEqualTo(200);
            }
            assertThat(alive.hits()).isEqualTo(6);
            assertThat(gw.gateway().hostEvents().recent(10)).singleElement().satisfies(e -> {
                assertThat(e.action()).isEqualTo("unhealthy");
                assertThat(e.endpoint()).isEqualTo("127.0.0.1:" + deadPort);
                assertThat(e.toJson()).contains("\"type\":\"health\"");
            });
        }
    }

    @Test
    void httpChecksSendTheConfiguredPathAndHostHeader() throws Exception {
        var seen = new java.util.concurrent.LinkedBlockingQueue<String>();
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host="
                    + exchange.getRequestHeaders().getFirst("Host") + " ua="
                    + exchange.getRequestHeaders().getFirst("User-Agent"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try (var gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: all, match: {prefix: /}, cluster: api}
                clusters:
                  - name: api
                    endpoints: [{address: "127.0.0.1:%d"}]
                    health_check: {path: "/status?full=1", host: health.internal, interval: 1h, timeout: 20s}
                """.formatted(server.getAddress().getPort()))) {
            String request = seen.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(request).isEqualTo("GET /status?full=1 host=health.internal ua=gatehouse-health-check");
            Endpoint endpoint = OutlierDetectionTest.cluster(gw).endpoints().get(0);
            await().atMost(Duration.ofSeconds(10)).until(endpoint::isHealthy);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void httpChecksOverTlsVerifyTheEndpointsCertificate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        var certs = dev.gatehouse.engine.testing.TestCertificates.in(dir);
        certs.server("backend", "IP:127.0.0.1");
        dev.gatehouse.engine.testing.TestCertificates.in(dir.resolve("other")); // a CA that issued nothing here
        try (var gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: all, match: {prefix: /}, cluster: trusted}
                clusters:
                  - name: trusted
                    endpoints: [{backend: secure-echo}]
                    tls: {ca: ca.pem}
                    health_check: {path: /healthz, interval: 50ms, timeout: 5s}
                  - name: distrusted
                    endpoints: [{backend: secure-echo}]
                    tls: {ca: other/ca.pem}
                    health_check: {path: /healthz, interval: 50ms, timeout: 5s, unhealthy_threshold: 1, initial_state: healthy}
                demo_backends:
                  - {name: secure-echo, kind: echo, tls: {cert: backend.pem, key: backend-key.pem}}
                """, dir)) {
            var clusters = gw.gateway().clusters().stream().toList();
            Endpoint trusted = clusters.get(0).endpoints().get(0);
            Endpoint distrusted = clusters.get(1).endpoints().get(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> trusted.isHealthy() && distrusted.failsHealthCheck());
            assertThat(trusted.healthCheckDetail()).isEqualTo("status 200");
            assertThat(distrusted.healthCheckDetail())
                    .startsWith("TLS handshake failed: the endpoint's certificate is not issued by a CA in tls.ca");
            assertThat(gw.get("/").statusCode()).isEqualTo(200);
        }
    }

    private static Endpoint endpointOf(Cluster cluster, StubUpstream stub) {
        return cluster.endpoints().stream().filter(e -> e.authority().equals(stub.address())).findFirst().orElseThrow();
    }

    private static JsonNode endpointStats(TestGateway gw, Endpoint endpoint) throws Exception {
        JsonNode clusters = JSON.readTree(gw.admin("GET", "/clusters", null, false).body());
        for (JsonNode e : clusters.get("clusters").get(0).get("endpoints")) {
            if (e.get("address").asText().equals(endpoint.authority())) {
                return e;
            }
        }
        throw new AssertionError("no stats for " + endpoint);
    }
}
