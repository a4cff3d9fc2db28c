package dev.gatehouse.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.testing.PriorKnowledgeClient;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.SteadyLoad;
import dev.gatehouse.engine.testing.TestGateway;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    /** Only the green cluster and backend: applying it retires blue. */
    private static final String GREEN_ONLY = """
            listeners:
              - {name: main, address: 127.0.0.1:0}
            routes:
              - name: live
                match: {prefix: /}
                cluster: green
            clusters:
              - name: green
                endpoints: [{backend: green}]
            demo_backends:
              - {name: green, kind: echo}
            """;

    private static GatewayConfig config(String cluster) {
        return load(CONFIG.formatted(cluster));
    }

    private static GatewayConfig load(String yaml) {
        return TestGateway.ephemeral(new ConfigLoader().load(yaml, "test.yaml").config());
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
    void anInvalidConfigRecordIsRejectedWholeAndChangesNothing() throws Exception {
        try (var gw = TestGateway.start(CONFIG.formatted("blue"))) {
            GatewayConfig serving = config("blue");
            // Built in code, not loaded: the route still names the cluster taken out from under it.
            GatewayConfig dangling = serving.withClusters(List.of(serving.cluster("green").orElseThrow()));

            assertThatThrownBy(() -> gw.gateway().apply(dangling, "test"))
                    .isInstanceOfSatisfying(ApplyException.class, e -> assertThat(e.errors())
                            .singleElement()
                            .satisfies(error -> {
                                assertThat(error.path()).isEqualTo("routes[0].cluster");
                                assertThat(error.message()).contains("'blue'");
                                assertThat(error.source()).isEqualTo("test");
                            }));
            assertThat(gw.gateway().current().number()).isEqualTo(1);
            assertThat(gw.gateway().versions()).hasSize(1);
            assertThat(gw.metric("gatehouse_config_applies_total{result=\"rejected\"}")).isEqualTo(1);
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
        try (var gw = TestGateway.start(CONFIG.formatted("blue"))) {
            gw.gateway().apply(withExtraListener(config("blue")), "add");
            int extraPort = gw.gateway().listenerAddress("extra").getPort();
            assertThat(new dev.gatehouse.engine.testing.RawHttp(extraPort).send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                    .readResponse().status()).isEqualTo(200);
            gw.gateway().apply(config("blue"), "remove");
            assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", extraPort).close())
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void aRequestInFlightFinishesOnTheConfigItStartedOnWhileNewRequestsFollowTheNewOne() throws Exception {
        try (var gw = TestGateway.start(CONFIG.formatted("blue"));
             var slow = new RawHttp(gw.port())) {
            String inFlight = "gatehouse_downstream_requests_active{listener=\"main\"}";
            slow.send("GET /slow HTTP/1.1\r\nHost: a\r\nx-echo-delay-ms: 5000\r\n\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.metric(inFlight) == 1);

            // Blue's backend outlives the apply by the drain time, well past the slow answer.
            String greenOnly = GREEN_ONLY + "engine: {drain_time: 30s}\n";
            gw.gateway().apply(load(greenOnly), "test");
            assertThat(gw.metric(inFlight)).as("the slow request is still in flight").isEqualTo(1);

            assertThat(gw.get("/fast").headers().firstValue("x-backend")).hasValue("green");
            RawHttp.Response old = slow.readResponse();
            assertThat(old.status()).as(old.head()).isEqualTo(200);
            assertThat(old.header("x-backend")).as("routed by the config it started on").isEqualTo("blue");
        }
    }

    @Test
    void aRemovedListenerFinishesTheRequestInFlightAndClosesItsConnections() throws Exception {
        try (var gw = startWithExtraListener("60s")) {
            int extraPort = gw.port("extra");
            try (var idle = new RawHttp(extraPort); var busy = new RawHttp(extraPort)) {
                assertThat(idle.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse().status()).isEqualTo(200);
                busy.send("GET /slow HTTP/1.1\r\nHost: a\r\nx-echo-delay-ms: 3000\r\n\r\n");
                awaitOneInFlight(gw, "extra");
                removeExtraListener(gw);

                assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", extraPort).close())
                        .isInstanceOf(java.net.ConnectException.class);
                // Well within the 60 s drain time: an idle connection has nothing to finish.
                await().atMost(Duration.ofSeconds(20)).until(idle::isClosedByPeer);
                RawHttp.Response finished = busy.readResponse();
                assertThat(finished.status()).as(finished.head()).isEqualTo(200);
                assertThat(finished.header("connection")).isEqualToIgnoringCase("close");
                await().atMost(Duration.ofSeconds(20)).until(busy::isClosedByPeer);
            }
        }
    }

    @Test
    void aRemovedListenerClosesConnectionsStillBusyAtTheDrainTime() throws Exception {
        try (var gw = startWithExtraListener("1s")) {
            try (var busy = new RawHttp(gw.port("extra"))) {
                busy.send("GET /slow HTTP/1.1\r\nHost: a\r\nx-echo-delay-ms: 120000\r\n\r\n");
                awaitOneInFlight(gw, "extra");
                removeExtraListener(gw);

                // Closed at the drain time (1 s), long before the upstream would answer.
                await().atMost(Duration.ofSeconds(20)).until(busy::isClosedByPeer);
            }
        }
    }

    @Test
    void aRemovedListenerLetsOpenHttp2StreamsFinishThenClosesTheirConnection() throws Exception {
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (var gw = startWithExtraListener("60s")) {
            var extra = gw.gateway().listenerAddress("extra");
            try (var idle = PriorKnowledgeClient.connect(clients, extra);
                 var busy = PriorKnowledgeClient.connect(clients, extra)) {
                assertThat(idle.exchange(get("/")).status()).isEqualTo(200);
                FullHttpRequest slowRequest = get("/slow");
                slowRequest.headers().set("x-echo-delay-ms", "3000");
                CompletableFuture<PriorKnowledgeClient.Reply> slow = busy.send(slowRequest);
                awaitOneInFlight(gw, "extra");
                removeExtraListener(gw);

                // Well within the 60 s drain time: an idle connection has nothing to finish.
                await().atMost(Duration.ofSeconds(20)).until(() -> !idle.isOpen());
                assertThat(slow.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(20)).until(() -> !busy.isOpen());
            }
        } finally {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static FullHttpRequest get(String path) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
    }

    /** A gateway with this drain time and a second listener, "extra", added by an apply (version 2). */
    private static TestGateway startWithExtraListener(String drainTime) throws Exception {
        var gw = TestGateway.start(CONFIG.formatted("blue") + "engine: {drain_time: " + drainTime + "}\n");
        gw.gateway().apply(withExtraListener(gw.gateway().current().config()), "add");
        return gw;
    }

    /** Back to version 1, without the "extra" listener. */
    private static void removeExtraListener(TestGateway gw) throws Exception {
        gw.gateway().apply(gw.gateway().versions().get(0).config(), "remove");
    }

    private static void awaitOneInFlight(TestGateway gw, String listener) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gw.metric("gatehouse_downstream_requests_active{listener=\"" + listener + "\"}") == 1);
    }

    private static GatewayConfig withExtraListener(GatewayConfig config) {
        var main = config.listeners().get(0);
        return config.withListeners(List.of(main, main.withName("extra")));
    }
}
