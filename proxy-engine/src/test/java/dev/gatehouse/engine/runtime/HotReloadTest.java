package dev.gatehouse.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.testing.SteadyLoad;
import dev.gatehouse.engine.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Config applies while traffic flows: no failed request, sockets kept, bad configs change nothing. */
class HotReloadTest {
    private static final String CONFIG = """
            listeners:
              - {name: main, address: 127.0.0.1:0}
            routes:
              - name: live
                match: {prefix: /}
                cluster: %s
            clusters:
              - name: blue
                endpoints: [{backend: blue}]
              - name: green
                endpoints: [{backend: green}]
            demo_backends:
              - {name: blue, kind: echo}
              - {name: green, kind: echo}
            """;

    private static GatewayConfig config(String cluster) {
        return TestGateway.ephemeral(new ConfigLoader().load(CONFIG.formatted(cluster), "test.yaml").config());
    }

    @Test
    void appliesUnderConcurrentLoadWithZeroFailedRequests() throws Exception {
        try (var gw = TestGateway.start(CONFIG.formatted("blue"))) {
            int port = gw.port();
            var load = new SteadyLoad(gw, "/ping", "x-backend", 4, Integer.MAX_VALUE);
            String cluster = "blue";
            for (int i = 0; i < 20; i++) {
                cluster = cluster.equals("blue") ? "green" : "blue";
                var v = gw.gateway().apply(config(cluster), "test reload " + i);
                assertThat(v.number()).isEqualTo(i + 2);
                int before = load.servedTotal();
                // Let some requests run on each version before the next swap.
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> load.servedTotal() > before + 20);
            }
            load.close();
            assertThat(load.failures()).isEmpty();
            assertThat(load.answeredBy()).containsExactlyInAnyOrder("blue", "green");
            assertThat(gw.port()).isEqualTo(port);
        }
    }

    @Test
    void keepsOpenConnectionsAcrossAnApply() throws Exception {
        try (var gw = TestGateway.start(CONFIG.formatted("blue"));
             var raw = new dev.gatehouse.engine.testing.RawHttp(gw.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().header("x-backend")).isEqualTo("blue");
            gw.gateway().apply(config("green"), "test");
            raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().header("x-backend")).isEqualTo("green");
        }
    }

    @Test
    void aConfigThatCannotBindChangesNothing() throws Exception {
        try (var gw = TestGateway.start(CONFIG.formatted("blue"));
             var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            GatewayConfig clash = config("green");
            clash = clash.withListeners(List.of(clash.listeners().get(0),
                    clash.listeners().get(0).withName("second")
                            .withAddress(new dev.gatehouse.engine.config.HostPort("127.0.0.1", taken.getLocalPort()))));
            GatewayConfig finalClash = clash;
            assertThatThrownBy(() -> gw.gateway().apply(finalClash, "test"))
                    .isInstanceOf(ApplyException.class)
                    .hasMessageContaining("cannot bind");
            assertThat(gw.gateway().current().number()).isEqualTo(1);
            assertThat(gw.get("/").headers().firstValue("x-backend")).hasValue("blue");
        }
    }

    @Test
    void rollbackRestoresThePreviousVersion() throws Exception {
        try (var gw = TestGateway.start(CONFIG.formatted("blue"))) {
            gw.gateway().apply(config("green"), "test");
            assertThat(gw.get("/").headers().firstValue("x-backend")).hasValue("green");
            ConfigVersion rolled = gw.gateway().rollback();
            assertThat(rolled.number()).isEqualTo(3);
            assertThat(gw.get("/").headers().firstValue("x-backend")).hasValue("blue");
            assertThat(gw.gateway().versions()).extracting(ConfigVersion::number).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void removedListenersStopAccepting() throws Exception {
        try (var gw = TestGateway.start(CONFIG.formatted("blue") + """
                """)) {
            GatewayConfig two = config("blue");
            two = two.withListeners(List.of(two.listeners().get(0), two.listeners().get(0).withName("extra")));
            gw.gateway().apply(two, "add");
            int extraPort = gw.gateway().listenerAddress("extra").getPort();
            assertThat(new dev.gatehouse.engine.testing.RawHttp(extraPort).send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                    .readResponse().status()).isEqualTo(200);
            gw.gateway().apply(config("blue"), "remove");
            assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", extraPort).close())
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }
}
