package dev.gatehouse.views.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.ObservabilityConfig;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.stream.Collectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same calls against an embedded engine and, over HTTP, against a headless one give the same answers. */
class EngineClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestGateway gateway;

    @BeforeEach
    void start() {
        gateway = TestGateway.fromSample("lab1-naked-proxy.yaml");
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private EngineClient client(boolean remote) {
        return remote ? EngineClient.remote(gateway.adminUri("/"), TestGateway.ADMIN_TOKEN)
                : EngineClient.embedded(gateway.gateway());
    }

    @ParameterizedTest(name = "remote={0}")
    @ValueSource(booleans = {false, true})
    void appliesRejectsAndRollsBack(boolean remote) throws Exception {
        try (EngineClient client = client(remote)) {
            String yaml = client.runningConfigYaml().get(10, TimeUnit.SECONDS);
            assertThat(yaml).contains("name: echo");

            ApplyOutcome bad = client.apply(yaml.replace("cluster: echo", "cluster: no-such-cluster"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(bad.applied()).isFalse();
            assertThat(bad.problems()).isNotEmpty();
            assertThat(bad.problems().get(0).line()).isPositive();
            assertThat(bad.problems().get(0).message()).contains("no-such-cluster");
            assertThat(client.currentVersion().get(10, TimeUnit.SECONDS)).isEqualTo(1);

            String renamed = yaml.replaceFirst("name: echo\n", "name: echo-renamed\n");
            ApplyOutcome good = client.apply(renamed).get(10, TimeUnit.SECONDS);
            assertThat(good.applied()).as(good.error()).isTrue();
            assertThat(good.version()).isEqualTo(2);
            assertThat(client.runningConfigYaml().get(10, TimeUnit.SECONDS)).contains("echo-renamed");

            ApplyOutcome back = client.rollback(OptionalLong.empty()).get(10, TimeUnit.SECONDS);
            assertThat(back.applied()).isTrue();
            assertThat(client.runningConfigYaml().get(10, TimeUnit.SECONDS)).doesNotContain("echo-renamed");
            List<VersionInfo> versions = client.versions().get(10, TimeUnit.SECONDS);
            assertThat(versions).extracting(VersionInfo::number).contains(1L, 2L, 3L);
        }
    }

    @ParameterizedTest(name = "remote={0}")
    @ValueSource(booleans = {false, true})
    void tracesArriveAsRecords(boolean remote) throws Exception {
        try (EngineClient client = client(remote); TraceFeed feed = client.openTraceFeed()) {
            List<TraceRecord> seen = new ArrayList<>();
            // A remote feed connects asynchronously: keep sending until a trace shows up.
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                gateway.get("/service/echo/hello");
                gateway.get("/nowhere");
                feed.drainTo(seen, 100);
                return seen.stream().anyMatch(t -> t.status() == 404)
                        && seen.stream().anyMatch(t -> t.route().equals("echo"));
            });
            TraceRecord miss = seen.stream().filter(t -> t.status() == 404).findFirst().orElseThrow();
            assertThat(miss.flags()).contains("NR");
            assertThat(miss.path()).isEqualTo("/nowhere");
            TraceRecord hit = seen.stream().filter(t -> t.route().equals("echo")).findFirst().orElseThrow();
            assertThat(hit.cluster()).isEqualTo("echo");
            assertThat(hit.status()).isEqualTo(200);
            assertThat(hit.requestId()).isNotEmpty();
            assertThat(client.clusters().get(10, TimeUnit.SECONDS).path("clusters").size()).isPositive();
        }
    }

    @Test
    void embeddedAndRemoteFeedsGiveEqualRecordsForTheSameTraces() throws Exception {
        // Filters that leave notes (key_auth, rate_limit) and captured headers and bodies: every field a record has.
        GatewayConfig config = new ConfigLoader().load(TestGateway.sample("lab3-traffic-cop.yaml")).config();
        config = config.withObservability(config.observability()
                .withCapture(new ObservabilityConfig.CaptureConfig(true, 4096)));
        try (TestGateway lab3 = TestGateway.start(config);
             EngineClient embedded = EngineClient.embedded(lab3.gateway());
             EngineClient remote = EngineClient.remote(lab3.adminUri("/"), TestGateway.ADMIN_TOKEN);
             TraceFeed direct = embedded.openTraceFeed();
             TraceFeed overHttp = remote.openTraceFeed()) {
            List<TraceRecord> fromTap = new ArrayList<>();
            List<TraceRecord> fromSse = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                lab3.send(HttpRequest.newBuilder(lab3.uri("/api/orders?id=7")).header("X-API-Key", "pro-user-456")
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"order\": 42}")).build());
                lab3.get("/api/orders", "X-API-Key", "no-such-key");
                direct.drainTo(fromTap, 100);
                overHttp.drainTo(fromSse, 100);
                return fromSse.stream().anyMatch(t -> t.status() == 200) && fromSse.stream().anyMatch(t -> t.status() == 401);
            });
            direct.drainTo(fromTap, 1000); // what the stream carried was on the tap before it was sent
            Map<String, TraceRecord> embeddedById = fromTap.stream()
                    .collect(Collectors.toMap(TraceRecord::requestId, t -> t));
            TraceRecord served = fromSse.stream().filter(t -> t.status() == 200).findFirst().orElseThrow();
            assertThat(served.filters()).anySatisfy(f -> assertThat(f.notes()).isNotEmpty());
            assertThat(served.json()).contains("\"body\":\"{\\\"order\\\": 42}\"");
            for (TraceRecord overSse : fromSse) {
                TraceRecord fromTrace = embeddedById.get(overSse.requestId());
                assertThat(fromTrace).usingRecursiveComparison().ignoringFields("document").isEqualTo(overSse);
                // The stream's event is the trace's JSON plus its event type.
                ObjectNode event = (ObjectNode) JSON.readTree(overSse.json());
                assertThat(event.remove("type").asText()).isEqualTo("trace");
                assertThat(JSON.readTree(fromTrace.json())).isEqualTo(event);
            }
        }
    }
}
