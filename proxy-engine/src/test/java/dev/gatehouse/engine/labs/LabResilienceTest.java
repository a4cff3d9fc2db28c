package dev.gatehouse.engine.labs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.http.ResponseFlag;
import dev.gatehouse.engine.observe.HostEvent;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.upstream.Cluster;
import dev.gatehouse.engine.upstream.Endpoint;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The resilience lab from its sample config: the 10%-failing backend is ejected; the breaker trips. */
class LabResilienceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.fromSample("lab-resilience.yaml");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void theFailingBackendIsEjectedAndTheOthersServe() throws Exception {
        Cluster cluster = gw.gateway().clusters().iterator().next();
        // The detector sweeps every 2 s; any run of 10 or more of echo-3's requests holds a failure.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
            gw.get("/");
            return cluster.endpoints().stream().anyMatch(e -> e.ejection() != null);
        });
        List<Endpoint> ejected = cluster.endpoints().stream().filter(e -> e.ejection() != null).toList();
        assertThat(ejected).hasSize(1);
        Endpoint.Ejection ejection = ejected.get(0).ejection();
        assertThat(ejection.reason()).isEqualTo("failure_percentage");
        for (int i = 0; i < 20; i++) {
            var response = gw.get("/");
            if ("echo-3".equals(response.headers().firstValue("x-backend").orElse(""))) {
                assertThat(System.currentTimeMillis()).as("echo-3 serves only once its ejection ended")
                        .isGreaterThanOrEqualTo(ejection.untilMillis());
            }
        }

        JsonNode endpoint = endpointStats(ejected.get(0).authority());
        assertThat(endpoint.get("healthy").asBoolean()).isFalse();
        assertThat(endpoint.get("outlier").get("figures").asText()).contains("failure_percentage=", "threshold=5");
        assertThat(endpoint.has("health_check")).isTrue(); // checked actively too
        assertThat(gw.gateway().hostEvents().recent(20)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(HostEvent.OUTLIER);
            assertThat(e.action()).isEqualTo("ejected");
        });
    }

    @Test
    void theEleventhRequestInFlightMeetsTheCircuitBreaker() throws Exception {
        Cluster cluster = gw.gateway().clusters().iterator().next();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.activeRequests() == 0);
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            held.add(gw.client().sendAsync(HttpRequest.newBuilder(gw.uri("/held/" + i))
                    .header("x-echo-delay-ms", "5000").build(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.activeRequests() == 10);
        try (var raw = new RawHttp(gw.port("public"))) {
            var refused = raw.send("GET /one-too-many HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header(ResponseFlag.HEADER)).isEqualTo("UO");
        }
        for (var response : held) {
            assertThat(response.get().statusCode()).isIn(200, 503); // echo-3 fails its tenth
        }
    }

    private static JsonNode endpointStats(String authority) throws Exception {
        JsonNode clusters = JSON.readTree(gw.admin("GET", "/clusters", null, false).body());
        for (JsonNode e : clusters.get("clusters").get(0).get("endpoints")) {
            if (e.get("address").asText().equals(authority)) {
                return e;
            }
        }
        throw new AssertionError("no stats for " + authority);
    }
}
