package dev.gatehouse.engine.filters.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.testing.RedisServerProcess;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.testing.Traces;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis backend against a real redis-server shared by two engines. */
class RateLimitRedisTest {
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** A gateway whose one route answers itself, limited per {@code x-client} header through Redis. */
    private static String config(String redisUri, long requests, String per, String failureMode, String commandTimeout) {
        return """
                engine: {drain_time: 0}
                filters:
                  - name: shared-limit
                    type: rate_limit
                    config:
                      backend: redis
                      redis: {uri: "%s", command_timeout: %s, connect_timeout: 5s, key_prefix: "test:%s:"}
                      failure_mode: %s
                      limits:
                        - name: per-client
                          key: ["header:x-client"]
                          requests: %d
                          per: %s
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                    filters: [shared-limit]
                routes:
                  - name: api
                    match: {prefix: /}
                    direct_response: {status: 200, body: ok}
                """.formatted(redisUri, commandTimeout, Long.toHexString(System.nanoTime()), failureMode, requests, per);
    }

    @Test
    void twoEnginesSharingRedisLetExactlyTheLimitThrough() throws Exception {
        int limit = 137;
        int total = 1000;
        String yaml = config(redis.uri(), limit, "hour", "closed", "5s");
        try (TestGateway first = TestGateway.start(yaml); TestGateway second = TestGateway.start(yaml)) {
            Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
            Semaphore inFlight = new Semaphore(100);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                TestGateway gw = i % 2 == 0 ? first : second;
                inFlight.acquire();
                HttpRequest request = HttpRequest.newBuilder(gw.uri("/thing")).header("x-client", "tenant-a")
                        .timeout(Duration.ofSeconds(30)).build();
                all.add(gw.client().sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .whenComplete((r, e) -> {
                            inFlight.release();
                            byStatus.computeIfAbsent(e == null ? r.statusCode() : -1, s -> new AtomicInteger()).incrementAndGet();
                        }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            assertThat(byStatus.keySet()).containsOnly(200, 429);
            assertThat(byStatus.get(200).get()).isEqualTo(limit);
            assertThat(byStatus.get(429).get()).isEqualTo(total - limit);
            double decided = first.metric("gatehouse_ratelimit_decisions_total{backend=\"redis\",filter=\"shared-limit\",result=\"allowed\"}")
                    + second.metric("gatehouse_ratelimit_decisions_total{backend=\"redis\",filter=\"shared-limit\",result=\"allowed\"}");
            assertThat(decided).isEqualTo(limit);
        }
    }

    @Test
    void theSixthRequestGets429WithTheHeadersAndTheDecisionIsTraced() throws Exception {
        try (TestGateway gw = TestGateway.start(config(redis.uri(), 5, "minute", "closed", "5s"))) {
            for (int i = 1; i <= 5; i++) {
                HttpResponse<String> ok = gw.get("/x", "x-client", "free-user-123");
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.headers().firstValue("x-ratelimit-remaining")).hasValue(Integer.toString(5 - i));
                assertThat(ok.headers().firstValue("ratelimit-policy")).hasValue("\"per-client\";q=5;w=60");
            }
            var reader = gw.gateway().tap().reader();
            HttpResponse<String> sixth = gw.get("/x", "x-client", "free-user-123");
            assertThat(sixth.statusCode()).isEqualTo(429);
            assertThat(sixth.headers().firstValue("retry-after")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 12L));
            assertThat(sixth.headers().firstValue("x-ratelimit-limit")).hasValue("5");
            assertThat(sixth.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
            assertThat(sixth.headers().firstValue("x-ratelimit-reset")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(49L, 60L));
            assertThat(sixth.headers().firstValue("ratelimit")).hasValueSatisfying(v -> assertThat(v).startsWith("\"per-client\";r=0;t="));
            assertThat(sixth.body()).contains("\"status\":429");

            Trace trace = Traces.await(reader, sixth.headers().firstValue("x-request-id").orElseThrow());
            Trace.FilterSpan span = trace.filterSpans().stream().filter(s -> s.filter().equals("shared-limit")).findFirst().orElseThrow();
            assertThat(span.verdict()).isEqualTo("reject");
            assertThat(span.notes()).containsSubsequence("backend", "redis", "limit", "per-client", "key", "free-user-123",
                    "remaining", "0", "result", "limited");

            var buckets = gw.admin("GET", "/ratelimit/buckets?key=free-user-123", null, false);
            assertThat(buckets.statusCode()).isEqualTo(200);
            assertThat(buckets.body()).contains("\"backend\" : \"redis\"").contains("\"capacity\" : 5");
        }
    }

    @Test
    void aScriptTheServerForgotIsSentAgain() {
        try (TestGateway gw = TestGateway.start(config(redis.uri(), 100, "minute", "closed", "5s"))) {
            assertThat(gw.get("/x", "x-client", "forgetful").statusCode()).isEqualTo(200);
            redis.command("SCRIPT", "FLUSH"); // the next EVALSHA gets NOSCRIPT
            HttpResponse<String> again = gw.get("/x", "x-client", "forgetful");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.headers().firstValue("x-ratelimit-remaining")).hasValue("98");
        }
    }

    @Test
    void replacingTheConfigClosesTheRedisClient() {
        String localYaml = """
                engine: {drain_time: 0}
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                routes:
                  - name: api
                    match: {prefix: /}
                    direct_response: {status: 200, body: ok}
                """;
        try (TestGateway gw = TestGateway.start(config(redis.uri(), 100, "minute", "closed", "5s"))) {
            assertThat(gw.get("/x", "x-client", "lifecycle").statusCode()).isEqualTo(200);
            int withClient = redis.connectedClients();
            var applied = gw.admin("PUT", "/config", localYaml, true);
            assertThat(applied.statusCode()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> redis.connectedClients() < withClient);
        }
    }

    /** Its own redis-server: this test kills it. */
    @Test
    void whenRedisDiesRequestsFollowTheFailureModeAndNoneHangs() throws Exception {
        try (RedisServerProcess dying = RedisServerProcess.start()) {
            String yaml = """
                    filters:
                      - name: limit
                        type: rate_limit
                        config:
                          backend: redis
                          redis: {uri: "%s", command_timeout: 300ms, connect_timeout: 300ms}
                          failure_mode: open
                          limits:
                            - {name: per-client, key: ["header:x-client"], requests: 1000, per: minute}
                    listeners:
                      - name: public
                        address: 127.0.0.1:0
                        filters: [limit]
                    routes:
                      - name: closed
                        match: {prefix: /closed}
                        direct_response: {status: 200, body: ok}
                        filter_overrides:
                          limit:
                            config:
                              backend: redis
                              redis: {uri: "%s", command_timeout: 300ms, connect_timeout: 300ms}
                              failure_mode: closed
                              limits:
                                - {name: per-client, key: ["header:x-client"], requests: 1000, per: minute}
                      - name: open
                        match: {prefix: /}
                        direct_response: {status: 200, body: ok}
                    """.formatted(dying.uri(), dying.uri());
            try (TestGateway gw = TestGateway.start(yaml)) {
                // The client connects lazily: on a loaded machine the first decisions may miss the short
                // timeouts and fail open, so wait until Redis answers before killing it (and count from there).
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                        gw.get("/open", "x-client", "c").headers().firstValue("x-ratelimit-remaining").isPresent());
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                        gw.get("/closed", "x-client", "c").statusCode() == 200);
                double openBefore = gw.metric(FAILED_OPEN);
                double closedBefore = gw.metric(FAILED_CLOSED);
                double errorsBefore = backendErrors(gw);

                dying.kill();

                List<CompletableFuture<HttpResponse<String>>> open = new ArrayList<>();
                List<CompletableFuture<HttpResponse<String>>> closed = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    open.add(send(gw, "/open"));
                    closed.add(send(gw, "/closed"));
                }
                for (var r : open) {
                    HttpResponse<String> response = r.get(30, TimeUnit.SECONDS); // answered, not stuck
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.headers().firstValue("x-ratelimit-remaining")).isEmpty(); // no decision made
                }
                for (var r : closed) {
                    HttpResponse<String> response = r.get(30, TimeUnit.SECONDS);
                    assertThat(response.statusCode()).isEqualTo(503);
                    assertThat(response.body()).contains("rate limiting is unavailable");
                    assertThat(response.headers().firstValue("retry-after")).hasValue("1");
                }
                assertThat(gw.metric(FAILED_OPEN) - openBefore).isEqualTo(20);
                assertThat(gw.metric(FAILED_CLOSED) - closedBefore).isEqualTo(20);
                assertThat(backendErrors(gw) - errorsBefore).isEqualTo(40);

                var reader = gw.gateway().tap().reader();
                HttpResponse<String> traced = gw.get("/open", "x-client", "c");
                Trace trace = Traces.await(reader, traced.headers().firstValue("x-request-id").orElseThrow());
                assertThat(trace.filterSpans().get(0).notes()).contains("result", "failed_open");

                dying.restart(); // same port: the client reconnects and decisions resume
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                        gw.get("/open", "x-client", "c").headers().firstValue("x-ratelimit-remaining").isPresent());
            }
        }
    }

    /** Its own redis-server: this test stalls it. */
    @Test
    void aSlowRedisTimesOutIntoTheFailureMode() throws Exception {
        try (RedisServerProcess slow = RedisServerProcess.start();
             TestGateway gw = TestGateway.start(config(slow.uri(), 100, "minute", "open", "300ms"))) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    gw.get("/x", "x-client", "s").headers().firstValue("x-ratelimit-remaining").isPresent());
            String timeouts = "gatehouse_ratelimit_backend_errors_total{backend=\"redis\",filter=\"shared-limit\",reason=\"timeout\"}";
            double before = gw.metric(timeouts);
            CompletableFuture<String> stall = CompletableFuture.supplyAsync(() -> slow.command("DEBUG", "SLEEP", "3"));
            // once the server sleeps, a decision cannot come back within 300 ms: the request goes through undecided
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                HttpResponse<String> r = gw.get("/x", "x-client", "s");
                return r.statusCode() == 200 && r.headers().firstValue("x-ratelimit-remaining").isEmpty();
            });
            assertThat(gw.metric(timeouts)).isGreaterThan(before);
            stall.get(30, TimeUnit.SECONDS);
        }
    }

    private static final String FAILED_OPEN =
            "gatehouse_ratelimit_decisions_total{backend=\"redis\",filter=\"limit\",result=\"failed_open\"}";
    private static final String FAILED_CLOSED =
            "gatehouse_ratelimit_decisions_total{backend=\"redis\",filter=\"limit\",result=\"failed_closed\"}";

    private static double backendErrors(TestGateway gw) {
        double sum = 0;
        for (String reason : List.of("unavailable", "timeout", "error")) {
            sum += gw.metric("gatehouse_ratelimit_backend_errors_total{backend=\"redis\",filter=\"limit\",reason=\"" + reason + "\"}");
        }
        return sum;
    }

    private static CompletableFuture<HttpResponse<String>> send(TestGateway gw, String path) {
        return gw.client().sendAsync(HttpRequest.newBuilder(gw.uri(path)).header("x-client", "c")
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSentinelUriFindsTheMasterThroughSentinel() {
        try (RedisServerProcess sentinel = RedisServerProcess.startSentinel(redis);
             TestGateway gw = TestGateway.start(config(sentinel.uri(), 3, "minute", "closed", "5s"))) {
            for (int i = 2; i >= 0; i--) {
                HttpResponse<String> ok = gw.get("/x", "x-client", "via-sentinel");
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.headers().firstValue("x-ratelimit-remaining")).hasValue(Integer.toString(i));
            }
            assertThat(gw.get("/x", "x-client", "via-sentinel").statusCode()).isEqualTo(429);
            assertThat(redis.command("DBSIZE")).isNotEqualTo("0"); // the buckets are on the master
        }
    }

    @Test
    void afterASentinelFailoverTheBucketsLiveOnThePromotedReplica() {
        try (RedisServerProcess master = RedisServerProcess.start();
             RedisServerProcess replica = RedisServerProcess.startReplica(master);
             RedisServerProcess sentinel = RedisServerProcess.startSentinel(master);
             TestGateway gw = TestGateway.start(config(sentinel.uri(), 3, "minute", "closed", "1s"))) {
            assertThat(gw.get("/x", "x-client", "before").statusCode()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(15)) // Sentinel learns of the replica from the master's INFO
                    .until(() -> !"*0".equals(sentinel.command("SENTINEL", "REPLICAS", RedisServerProcess.SENTINEL_MASTER)));

            master.kill();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> replica.command("INFO", "replication").contains("role:master"));

            // Failing closed, requests get 503 until the client has reconnected through Sentinel to the new master.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> gw.get("/x", "x-client", "after").statusCode() == 200);
            assertThat(gw.get("/x", "x-client", "after").statusCode()).isEqualTo(200);
            assertThat(gw.get("/x", "x-client", "after").statusCode()).isEqualTo(200);
            assertThat(gw.get("/x", "x-client", "after").statusCode()).isEqualTo(429);
            assertThat(replica.command("DBSIZE")).isNotEqualTo("0");
        }
    }

    @Test
    void aBadRedisUriIsAConfigError() {
        String yaml = config("http://not-redis", 1, "minute", "open", "1s");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfigLoader().load(yaml, "bad.yaml"))
                .hasMessageContaining("redis.uri");
    }

}
