package dev.gatehouse.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.upstream.Transport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code engine.transport} picks the socket API of every event loop; each one proxies the same traffic
 * (keep-alive reuse, a streamed body both ways, concurrent requests) to an upstream of its own kind.
 */
class TransportChoiceTest {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void eachTransportProxiesKeepAliveAndStreamedBodies(Transport transport) throws Exception {
        assumeTrue(transport.isAvailable(), transport + " not available here");
        try (var gw = TestGateway.start("""
                engine: {workers: 1, transport: %s}
                listeners: [{name: main, address: 127.0.0.1:0}]
                routes: [{name: all, match: {prefix: /}, cluster: echo}]
                clusters: [{name: echo, endpoints: [{backend: echo}]}]
                demo_backends: [{name: echo, kind: echo}]
                """.formatted(transport.configName()))) {
            assertThat(gw.gateway().transport()).isEqualTo(transport);
            String body = "x".repeat(200_000);
            for (int wave = 0; wave < 2; wave++) {
                List<CompletableFuture<java.net.http.HttpResponse<String>>> responses = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    responses.add(gw.client().sendAsync(HttpRequest.newBuilder(gw.uri("/echo/" + wave + "/" + i))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString()));
                }
                for (int i = 0; i < responses.size(); i++) {
                    var response = responses.get(i).join();
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).contains("\"path\":\"/echo/" + wave + "/" + i + "\"").contains(body);
                }
            }
            assertThat(gw.metric("gatehouse_downstream_connections_total{listener=\"main\"}"))
                    .as("the second wave reused the first one's connections").isLessThanOrEqualTo(20);
        }
    }

    @Test
    void autoTakesTheBestTheMachineOffers() {
        try (var gw = TestGateway.start("""
                engine: {transport: auto}
                listeners: [{name: main, address: 127.0.0.1:0}]
                """)) {
            Transport expected = Transport.IO_URING.isAvailable() ? Transport.IO_URING
                    : Transport.EPOLL.isAvailable() ? Transport.EPOLL : Transport.NIO;
            if (System.getProperty("gatehouse.transport") == null) {
                assertThat(gw.gateway().transport()).isEqualTo(expected);
            }
        }
    }
}
