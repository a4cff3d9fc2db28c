package dev.gatehouse.views.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.engine.testing.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same calls against an embedded engine and, over HTTP, against a headless one give the same answers. */
class EngineClientTest {
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
}
