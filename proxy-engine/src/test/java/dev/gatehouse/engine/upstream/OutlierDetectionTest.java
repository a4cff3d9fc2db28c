package dev.gatehouse.engine.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.http.ResponseFlag;
import dev.gatehouse.engine.observe.HostEvent;
import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Outlier detection against real backends. The statistical checks run when the test sweeps (the
 * configured interval is an hour), so what an interval holds is exact: with round robin over three
 * backends, 30 requests give each exactly 10, and a backend failing every tenth request fails once.
 */
class OutlierDetectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHostFailingTenPercentIsEjectedByFailurePercentageAndReturns() throws Exception {
        try (var gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: all, match: {prefix: /}, cluster: api}
                clusters:
                  - name: api
                    endpoints: [{backend: a}, {backend: b}, {backend: flaky}]
                    outlier_detection:
                      interval: 1h
                      base_ejection_time: 300ms
                      max_ejection_percent: 34
                      failure_percentage_threshold: 5
                      failure_percentage_minimum_hosts: 3
                      failure_percentage_request_volume: 10
                      enforcing_failure_percentage: 100
                demo_backends:
                  - {name: a, kind: echo}
                  - {name: b, kind: echo}
                  - {name: flaky, kind: echo, failure_rate: 0.1}
                """)) {
            Cluster cluster = cluster(gw);
            int failures = 0;
            for (int i = 0; i < 30; i++) {
                var response = gw.get("/r" + i);
                if (response.statusCode() == 503) {
                    failures++;
                    assertThat(response.headers().firstValue("x-backend")).hasValue("flaky");
                }
            }
            assertThat(failures).isEqualTo(1);

            cluster.sweepOutliersNow();
            Endpoint flaky = ejected(cluster).get(0);
            assertThat(ejected(cluster)).hasSize(1);
            assertThat(flaky.ejection().reason()).isEqualTo("failure_percentage");
            assertThat(flaky.ejection().figures()).contains("failure_percentage=10.0", "threshold=5", "requests=10");
            JsonNode outlier = endpointStats(gw, flaky).get("outlier");
            assertThat(outlier.get("ejected").asBoolean()).isTrue();
            assertThat(outlier.get("reason").asText()).isEqualTo("failure_percentage");
            assertThat(outlier.get("ejections").asInt()).isEqualTo(1);
            assertThat(endpointStats(gw, flaky).get("healthy").asBoolean()).isFalse();
            assertThat(gw.metric("gatehouse_outlier_ejections_total{cluster=\"api\",enforced=\"true\",reason=\"failure_percentage\"}"))
                    .isEqualTo(1);
            JsonNode recent = JSON.readTree(gw.admin("GET", "/clusters", null, false).body())
                    .get("clusters").get(0).get("recent_events");
            assertThat(recent).hasSize(1);
            assertThat(recent.get(0).get("action").asText()).isEqualTo("ejected");
            assertThat(recent.get(0).get("reason").asText()).isEqualTo("failure_percentage");

            long before = flaky.totalRequests();
            for (int i = 0; i < 20; i++) {
                assertThat(gw.get("/after" + i).headers().firstValue("x-backend").orElseThrow()).isNotEqualTo("flaky");
            }
            assertThat(flaky.totalRequests()).isEqualTo(before);

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                cluster.sweepOutliersNow();
                return flaky.ejection() == null;
            });
            assertThat(flaky.isHealthy()).isTrue();
            List<HostEvent> events = gw.gateway().hostEvents().recent(10);
            assertThat(events).extracting(HostEvent::action).containsExactly("ejected", "returned");
            assertThat(events.get(0).figures()).contains("failure_percentage=10.0");
            assertThat(events).allMatch(e -> e.type().equals(HostEvent.OUTLIER) && e.endpoint().equals(flaky.authority()));
            for (int i = 0; i < 3; i++) {
                gw.get("/back" + i);
            }
            assertThat(flaky.totalRequests()).isEqualTo(before + 1); // back in the rotation
        }
    }

    @Test
    void ejectionAndReturnOnTheDetectorsOwnSchedule() {
        // Every sweep judges each host with at least one request; any interval holding one of the
        // flaky host's failures shows it failing more than 5% (1 of up to 19, 2 of up to 39, ...).
        try (var gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: all, match: {prefix: /}, cluster: api}
                clusters:
                  - name: api
                    endpoints: [{backend: a}, {backend: b}, {backend: flaky}]
                    outlier_detection:
                      interval: 100ms
                      base_ejection_time: 300ms
                      max_ejection_percent: 34
                      failure_percentage_threshold: 5
                      failure_percentage_minimum_hosts: 3
                      failure_percentage_request_volume: 1
                      enforcing_failure_percentage: 100
                demo_backends:
                  - {name: a, kind: echo}
                  - {name: b, kind: echo}
                  - {name: flaky, kind: echo, failure_rate: 0.1}
                """)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                gw.get("/");
                return gw.gateway().hostEvents().recent(50).stream().anyMatch(e -> e.action().equals("returned"));
            });
            List<HostEvent> events = gw.gateway().hostEvents().recent(50);
            assertThat(events.get(0).action()).isEqualTo("ejected");
            assertThat(events.get(0).reason()).isEqualTo("failure_percentage");
            assertThat(events).extracting(HostEvent::endpoint).containsOnly(events.get(0).endpoint());
        }
    }

    @Test
    void successRateEjectsTheHostFarBelowTheMean() throws Exception {
        try (var gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: all, match: {prefix: /}, cluster: api}
                clusters:
                  - name: api
                    endpoints: [{backend: a}, {backend: b}, {backend: half}]
                    outlier_detection:
                      interval: 1h
                      consecutive_5xx: 100
                      success_rate_minimum_hosts: 3
                      success_rate_request_volume: 10
                      success_rate_stdev_factor: 1
                      max_ejection_percent: 50
                demo_backends:
                  - {name: a, kind: echo}
                  - {name: b, kind: echo}
                  - {name: half, kind: echo, failure_rate: 0.5, failure_status: 500}
                """)) {
            Cluster cluster = cluster(gw);
            for (int i = 0; i < 30; i++) {
                gw.get("/r" + i);
            }
            cluster.sweepOutliersNow();
            // Rates 100, 100, 50: mean 83.3, stdev 23.6, threshold 59.8.
            assertThat(ejected(cluster)).singleElement().satisfies(e -> {
                assertThat(e.ejection().reason()).isEqualTo("success_rate");
                assertThat(e.ejection().figures()).isEqualTo(
                        "success_rate=50.0 threshold=59.8 mean=83.3 stdev=23.6 requests=10");
            });
        }
    }

    @Test
    void connectFailuresCountAsGatewayFailures() {
        int deadPort = StubUpstream.deadPort();
        try (var good = new StubUpstream(200, "good");
             var gw = TestGateway.start("""
                     listeners:
                       - {name: main, address: 127.0.0.1:0}
                     routes:
                       - {name: all, match: {prefix: /}, cluster: api}
                     clusters:
                       - name: api
                         endpoints: [{address: "%s"}, {address: "127.0.0.1:%d"}]
                         outlier_detection:
                           interval: 1h
                           base_ejection_time: 1h
                           max_ejection_percent: 50
                           consecutive_gateway_failure: 2
                           enforcing_consecutive_gateway_failure: 100
                     """.formatted(good.address(), deadPort))) {
            Cluster cluster = cluster(gw);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                gw.get("/");
                return !ejected(cluster).isEmpty();
            });
            assertThat(ejected(cluster)).singleElement().satisfies(e -> {
                assertThat(e.address().getPort()).isEqualTo(deadPort);
                assertThat(e.ejection().reason()).isEqualTo("consecutive_gateway_failure");
            });
            for (int i = 0; i < 6; i++) {
                assertThat(gw.get("/").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void consecutive5xxEjectsAtOnceAndTheTapStreamsTheEvent() throws Exception {
        try (var bad = new StubUpstream(500, "bad");
             var good = new StubUpstream(200, "good");
             var gw = TestGateway.start("""
                     listeners:
                       - {name: main, address: 127.0.0.1:0}
                     routes:
                       - {name: all, match: {prefix: /}, cluster: api}
                     clusters:
                       - name: api
                         endpoints: [{address: "%s"}, {address: "%s"}]
                         outlier_detection: {interval: 1h, consecutive_5xx: 3, base_ejection_time: 1h}
                     """.formatted(bad.address(), good.address()))) {
            HttpResponse<InputStream> stream = gw.client().send(
                    HttpRequest.newBuilder(gw.adminUri("/tap?type=outlier")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (var lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).isEqualTo(": gatehouse tap");
                Cluster cluster = cluster(gw);
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    gw.get("/");
                    return !ejected(cluster).isEmpty();
                });
                assertThat(bad.hits()).isEqualTo(3);
                Endpoint ejected = ejected(cluster).get(0);
                assertThat(ejected.address().getPort()).isEqualTo(port(bad));
                assertThat(ejected.ejection().figures()).isEqualTo("consecutive_5xx=3 threshold=3");
                for (int i = 0; i < 10; i++) {
                    assertThat(gw.get("/").statusCode()).isEqualTo(200);
                }
                assertThat(bad.hits()).isEqualTo(3);

                String data;
                do {
                    data = lines.readLine();
                } while (data != null && !data.startsWith("data: "));
                assertThat(data).isNotNull();
                JsonNode event = JSON.readTree(data.substring("data: ".length()));
                assertThat(event.get("type").asText()).isEqualTo("outlier");
                assertThat(event.get("action").asText()).isEqualTo("ejected");
                assertThat(event.get("reason").asText()).isEqualTo("consecutive_5xx");
                assertThat(event.get("endpoint").asText()).isEqualTo(bad.address());
                assertThat(event.get("ejections").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void eachEjectionLastsLongerThanTheLast() throws Exception {
        try (var bad = new StubUpstream(500, "bad");
             var good = new StubUpstream(200, "good");
             var gw = TestGateway.start("""
                     listeners:
                       - {name: main, address: 127.0.0.1:0}
                     routes:
                       - {name: all, match: {prefix: /}, cluster: api}
                     clusters:
                       - name: api
                         endpoints: [{address: "%s"}, {address: "%s"}]
                         outlier_detection: {interval: 1h, consecutive_5xx: 2, base_ejection_time: 100ms, max_ejection_percent: 50}
                     """.formatted(bad.address(), good.address()))) {
            Cluster cluster = cluster(gw);
            for (int round = 1; round <= 2; round++) {
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    gw.get("/");
                    return !ejected(cluster).isEmpty();
                });
                Endpoint endpoint = ejected(cluster).get(0);
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    cluster.sweepOutliersNow();
                    return endpoint.ejection() == null;
                });
            }
            List<HostEvent> ejections = gw.gateway().hostEvents().recent(10).stream()
                    .filter(e -> e.action().equals("ejected")).toList();
            assertThat(ejections).hasSize(2);
            assertThat(ejections.get(0).untilMillis() - ejections.get(0).timeMillis()).isEqualTo(100);
            assertThat(ejections.get(1).ejections()).isEqualTo(2);
            assertThat(ejections.get(1).untilMillis() - ejections.get(1).timeMillis()).isEqualTo(200);
        }
    }

    @Test
    void maxEjectionPercentLeavesTheRestInService() throws Exception {
        try (var s1 = new StubUpstream(500, "s1"); var s2 = new StubUpstream(500, "s2");
             var s3 = new StubUpstream(500, "s3"); var s4 = new StubUpstream(500, "s4");
             var gw = TestGateway.start("""
                     listeners:
                       - {name: main, address: 127.0.0.1:0}
                     routes:
                       - {name: all, match: {prefix: /}, cluster: api}
                     clusters:
                       - name: api
                         endpoints: [{address: "%s"}, {address: "%s"}, {address: "%s"}, {address: "%s"}]
                         outlier_detection: {interval: 1h, consecutive_5xx: 1, base_ejection_time: 1h, max_ejection_percent: 50}
                     """.formatted(s1.address(), s2.address(), s3.address(), s4.address()))) {
            Cluster cluster = cluster(gw);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                gw.get("/");
                return gw.gateway().hostEvents().recent(100).stream()
                        .anyMatch(e -> e.figures().contains("max_ejection_percent=50 reached"));
            });
            for (int i = 0; i < 8; i++) {
                assertThat(gw.get("/").statusCode()).isEqualTo(500); // the survivors still answer
            }
            assertThat(ejected(cluster)).hasSize(2);
            assertThat(cluster.isInPanic()).isFalse(); // two of four healthy is not below 50%
            assertThat(gw.metric("gatehouse_outlier_ejections_total{cluster=\"api\",enforced=\"false\",reason=\"consecutive_5xx\"}"))
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void belowThePanicThresholdEveryHostTakesTrafficAgain() throws Exception {
        try (var s1 = new StubUpstream(500, "s1"); var s2 = new StubUpstream(500, "s2")) {
            String yaml = """
                    listeners:
                      - {name: main, address: 127.0.0.1:0}
                    routes:
                      - {name: all, match: {prefix: /}, cluster: api}
                    clusters:
                      - name: api
                        endpoints: [{address: "%s"}, {address: "%s"}]
                        outlier_detection: {interval: 1h, consecutive_5xx: 1, base_ejection_time: 1h, max_ejection_percent: 100}
                        panic_threshold: %d
                    """;
            try (var gw = TestGateway.start(yaml.formatted(s1.address(), s2.address(), 50))) {
                Cluster cluster = cluster(gw);
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    gw.get("/");
                    return ejected(cluster).size() == 2;
                });
                assertThat(cluster.isInPanic()).isTrue();
                int hits = s1.hits() + s2.hits();
                var response = gw.get("/");
                assertThat(response.statusCode()).isEqualTo(500); // an ejected host answered, not 503 UH
                assertThat(s1.hits() + s2.hits()).isEqualTo(hits + 1);
                assertThat(gw.metric("gatehouse_cluster_panic{cluster=\"api\"}")).isEqualTo(1);
                assertThat(JSON.readTree(gw.admin("GET", "/clusters", null, false).body())
                        .get("clusters").get(0).get("panic").asBoolean()).isTrue();
            }
            try (var gw = TestGateway.start(yaml.formatted(s1.address(), s2.address(), 0))) {
                Cluster cluster = cluster(gw);
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    gw.get("/");
                    return ejected(cluster).size() == 2;
                });
                var response = gw.get("/");
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("UH");
            }
        }
    }

    static Cluster cluster(TestGateway gw) {
        return gw.gateway().clusters().iterator().next();
    }

    private static List<Endpoint> ejected(Cluster cluster) {
        return cluster.endpoints().stream().filter(e -> e.ejection() != null).toList();
    }

    private static int port(StubUpstream stub) {
        return Integer.parseInt(stub.address().substring(stub.address().lastIndexOf(':') + 1));
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
