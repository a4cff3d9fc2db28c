package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.engine.testing.HoldingUpstream;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Balancing policies and traffic splits, observed from the client through real backends. */
class LoadBalancingTest {
    private static HoldingUpstream slow;
    private static StubUpstream fast;
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        slow = new HoldingUpstream("slow");
        fast = new StubUpstream(200, "fast");
        gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - name: split
                    match: {prefix: /split}
                    weighted_clusters: [{cluster: one, weight: 80}, {cluster: two, weight: 20}]
                  - {name: rr, match: {prefix: /rr}, cluster: rr}
                  - {name: wrr, match: {prefix: /wrr}, cluster: wrr}
                  - {name: ring, match: {prefix: /ring}, cluster: ring}
                  - {name: maglev, match: {prefix: /maglev}, cluster: maglev}
                  - {name: ring-ip, match: {prefix: /source-ring}, cluster: ring-ip}
                  - {name: maglev-ip, match: {prefix: /source-maglev}, cluster: maglev-ip}
                  - {name: lr, match: {prefix: /lr}, cluster: lr}
                  - {name: held-lr, match: {prefix: /held-lr}, cluster: held-lr}
                  - {name: random, match: {prefix: /random}, cluster: random}
                clusters:
                  - {name: one, endpoints: [{backend: a}]}
                  - {name: two, endpoints: [{backend: b}]}
                  - name: rr
                    endpoints: [{backend: a}, {backend: b}, {backend: c}]
                  - name: wrr
                    lb_policy: weighted_round_robin
                    endpoints: [{backend: a, weight: 3}, {backend: b, weight: 1}]
                  - name: ring
                    lb_policy: ring_hash
                    hash_on: {header: x-user}
                    endpoints: [{backend: a}, {backend: b}, {backend: c}]
                  - name: maglev
                    lb_policy: maglev
                    hash_on: {cookie: session}
                    endpoints: [{backend: a}, {backend: b}, {backend: c}]
                  - name: ring-ip
                    lb_policy: ring_hash
                    hash_on: {source_ip: true}
                    endpoints: [{backend: a}, {backend: b}, {backend: c}]
                  - name: maglev-ip
                    lb_policy: maglev
                    hash_on: {source_ip: true}
                    endpoints: [{backend: a}, {backend: b}, {backend: c}]
                  - name: lr
                    lb_policy: least_request
                    endpoints: [{backend: a}, {backend: b}]
                  - name: held-lr
                    lb_policy: least_request
                    endpoints: [{address: "%s"}, {address: "%s"}]
                  - name: random
                    lb_policy: random
                    endpoints: [{backend: a}, {backend: b}]
                demo_backends:
                  - {name: a, kind: echo}
                  - {name: b, kind: echo}
                  - {name: c, kind: echo}
                """.formatted(slow.address(), fast.address()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        slow.close();
        fast.close();
    }

    private static Map<String, Integer> hits(String path, int n, String... headers) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            var r = gw.get(path, headers);
            assertThat(r.statusCode()).isEqualTo(200);
            seen.merge(r.headers().firstValue("x-backend").orElseThrow(), 1, Integer::sum);
        }
        return seen;
    }

    @Test
    void weightedClustersSplitTrafficByWeight() {
        Map<String, Integer> seen = hits("/split", 1000);
        // 80/20 over 1000 requests: 8 standard deviations is about +-100.
        assertThat(seen.getOrDefault("a", 0)).isBetween(700, 900);
        assertThat(seen.getOrDefault("a", 0) + seen.getOrDefault("b", 0)).isEqualTo(1000);
    }

    @Test
    void roundRobinVisitsEveryEndpointEqually() {
        assertThat(hits("/rr", 30)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 10, "b", 10, "c", 10));
    }

    @Test
    void weightedRoundRobinHonoursWeights() {
        assertThat(hits("/wrr", 40)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 30, "b", 10));
    }

    @Test
    void ringHashSendsOneUserToOneEndpointAndSpreadsUsers() {
        Map<String, String> owner = new HashMap<>();
        for (int user = 0; user < 30; user++) {
            Map<String, Integer> seen = hits("/ring", 3, "x-user", "user-" + user);
            assertThat(seen).hasSize(1);
            owner.put("user-" + user, seen.keySet().iterator().next());
        }
        assertThat(owner.values()).contains("a", "b", "c");
    }

    @Test
    void maglevHashesOnACookie() {
        Map<String, Integer> first = hits("/maglev", 5, "cookie", "theme=dark; session=abc123");
        assertThat(first).hasSize(1);
        Map<String, String> owner = new HashMap<>();
        for (int s = 0; s < 30; s++) {
            owner.put("s" + s, hits("/maglev", 1, "cookie", "session=s" + s).keySet().iterator().next());
        }
        assertThat(owner.values()).contains("a", "b", "c");
    }

    /** The backend that answered {@code path}, asked on a new connection from {@code source}. */
    private static String backendFrom(String source, String path) throws Exception {
        var socket = new Socket(InetAddress.getLoopbackAddress(), gw.port(), InetAddress.getByName(source), 0);
        try (var raw = new RawHttp(socket)) {
            var response = raw.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
            assertThat(response.status()).isEqualTo(200);
            return response.header("x-backend");
        }
    }

    private static void assertSourcesStickAndSpread(String path) throws Exception {
        Set<String> owners = new HashSet<>();
        // Linux routes all of 127.0.0.0/8 to loopback, so each address is a distinct client.
        for (int host = 1; host <= 20; host++) {
            String source = "127.0.0." + host;
            String owner = backendFrom(source, path);
            for (int again = 0; again < 3; again++) {
                assertThat(backendFrom(source, path)).as("source %s", source).isEqualTo(owner);
            }
            owners.add(owner);
        }
        assertThat(owners).as("20 sources hashed over 3 endpoints").hasSizeGreaterThan(1);
    }

    @Test
    void ringHashOnTheSourceAddressKeepsEachClientOnOneEndpoint() throws Exception {
        assertSourcesStickAndSpread("/source-ring");
    }

    @Test
    void maglevOnTheSourceAddressKeepsEachClientOnOneEndpoint() throws Exception {
        assertSourcesStickAndSpread("/source-maglev");
    }

    @Test
    void leastRequestSendsMostRequestsToTheEndpointThatAnswers() throws Exception {
        int clients = 4;
        int perClient = 10;
        List<CompletableFuture<HttpResponse<String>>> responses = Collections.synchronizedList(new ArrayList<>());
        ExecutorService callers = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(callers.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        String path = "/held-lr/" + client + "-" + i;
                        var response = gw.client().sendAsync(HttpRequest.newBuilder(gw.uri(path)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        responses.add(response);
                        // Next request once this one is answered, or held open by the slow endpoint.
                        await().atMost(Duration.ofSeconds(10)).until(() -> response.isDone() || slow.holds(path));
                    }
                }));
            }
            for (Future<?> caller : running) {
                caller.get();
            }
        } finally {
            callers.shutdown();
            slow.release();
        }
        Map<String, Integer> seen = new HashMap<>();
        for (var response : responses) {
            assertThat(response.join().statusCode()).isEqualTo(200);
            seen.merge(response.join().headers().firstValue("x-backend").orElseThrow(), 1, Integer::sum);
        }
        assertThat(seen.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(clients * perClient);
        // The slow endpoint keeps every request it gets, the fast one at most one per caller at a time:
        // once slow holds more than that, it always loses the comparison. Round robin or random would
        // give it about 20 of the 40.
        assertThat(seen.getOrDefault("slow", 0)).as("requests per endpoint %s", seen).isLessThanOrEqualTo(clients + 4);
    }

    @Test
    void leastRequestAndRandomUseEveryEndpoint() {
        assertThat(hits("/lr", 40)).containsOnlyKeys("a", "b");
        assertThat(hits("/random", 60)).containsOnlyKeys("a", "b");
    }
}
