package dev.gatehouse.engine.filters.ratelimit;

import dev.gatehouse.engine.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What a rate-limit decision adds to a request, measured directly on the backends (not a JUnit
 * test: run by hand). Local: one compare-and-set decision on one
 * thread. Redis: the round trip of one TAKE script to a redis-server on this machine, one at a time
 * (latency) and with 64 in flight (throughput). Requests: the same request through an engine without
 * a limit, with a local one and with a Redis one, sequentially. Run:
 * <pre>
 * ./mvnw -B -ntp -o -q -pl proxy-engine test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp proxy-engine/target/test-classes:proxy-engine/target/classes:$(cat /tmp/cp.txt) \
 *      dev.gatehouse.engine.filters.ratelimit.RateLimitDecisionBench
 * </pre>
 */
public final class RateLimitDecisionBench {
    private RateLimitDecisionBench() {
    }

    public static void main(String[] args) throws Exception {
        Rate rate = new Rate(1_000_000_000, Duration.ofSeconds(1), 1_000_000_000); // never empty: measure the path
        local(rate);
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            redis(redis, rate);
            requests(redis);
        }
        System.exit(0);
    }

    /**
     * The same request through three listeners of one engine, one connection, one request at a time:
     * no limit, a local limit, a Redis limit. The differences are what the filter adds to a request.
     */
    private static void requests(RedisServerProcess redis) throws Exception {
        String limits = "limits: [{name: l, key: [client_ip], requests: 1000000000, per: second}]";
        String yaml = """
                engine: {workers: 1}
                filters:
                  - {name: local, type: rate_limit, config: {%s}}
                  - {name: redis, type: rate_limit, config: {backend: redis, redis: {uri: "%s"}, %s}}
                listeners:
                  - {name: none, address: 127.0.0.1:0}
                  - {name: local, address: 127.0.0.1:0, filters: [local]}
                  - {name: redis, address: 127.0.0.1:0, filters: [redis]}
                routes:
                  - {name: r, match: {prefix: /}, direct_response: {status: 200, body: ok}}
                """.formatted(limits, redis.uri(), limits);
        try (var gw = dev.gatehouse.engine.testing.TestGateway.start(yaml)) {
            for (String listener : List.of("none", "local", "redis", "none", "local", "redis")) {
                var uri = java.net.URI.create("http://127.0.0.1:" + gw.port(listener) + "/");
                var request = java.net.http.HttpRequest.newBuilder(uri).build();
                var body = java.net.http.HttpResponse.BodyHandlers.discarding();
                for (int i = 0; i < 3000; i++) {
                    gw.client().send(request, body);
                }
                int n = 5000;
                long[] samples = new long[n];
                for (int i = 0; i < n; i++) {
                    long start = System.nanoTime();
                    gw.client().send(request, body);
                    samples[i] = System.nanoTime() - start;
                }
                Arrays.sort(samples);
                System.out.printf("request through '%s': p50 %d us, p90 %d us, p99 %d us%n", listener,
                        samples[n / 2] / 1000, samples[n * 9 / 10] / 1000, samples[n * 99 / 100] / 1000);
            }
        }
    }

    private static void local(Rate rate) {
        LocalBuckets buckets = new LocalBuckets(100_000, System::nanoTime);
        List<Charge> one = List.of(new Charge("l", "k", "b/l/k", rate));
        List<Charge> two = List.of(new Charge("l", "k", "b/l/k", rate), new Charge("m", "ip", "b/m/ip", rate));
        for (List<Charge> charges : List.of(one, two)) {
            for (int i = 0; i < 2_000_000; i++) {
                buckets.decideNow(charges); // warm-up
            }
            int n = 5_000_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                buckets.decideNow(charges);
            }
            double nsPerOp = (System.nanoTime() - start) / (double) n;
            System.out.printf("local, %d limit(s): %.0f ns per decision (%.1f M decisions/s on one thread)%n",
                    charges.size(), nsPerOp, 1000 / nsPerOp);
        }
    }

    private static void redis(RedisServerProcess server, Rate rate) throws Exception {
        RedisSettings settings = new RedisSettings(server.uri(), false, Duration.ofSeconds(1), Duration.ofSeconds(2),
                "bench:", 10_000);
        try (RedisBuckets buckets = new RedisBuckets(settings)) {
            List<Charge> charges = List.of(new Charge("l", "k", "b/l/k", rate), new Charge("m", "ip", "b/m/ip", rate));
            for (int i = 0; i < 20_000; i++) {
                buckets.decide(charges).toCompletableFuture().get(); // warm-up, and the script cached
            }
            int n = 20_000;
            long[] samples = new long[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                buckets.decide(charges).toCompletableFuture().get();
                samples[i] = System.nanoTime() - start;
            }
            Arrays.sort(samples);
            System.out.printf("redis, 2 limits, one at a time: p50 %d us, p99 %d us, p99.9 %d us%n",
                    samples[n / 2] / 1000, samples[n * 99 / 100] / 1000, samples[n * 999 / 1000] / 1000);

            int inFlight = 64;
            int total = 200_000;
            Semaphore window = new Semaphore(inFlight);
            List<CompletableFuture<?>> last = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                window.acquire();
                CompletableFuture<?> f = buckets.decide(charges).toCompletableFuture().whenComplete((d, e) -> window.release());
                if (i >= total - inFlight) {
                    last.add(f);
                }
            }
            CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
            window.acquire(inFlight);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("redis, 2 limits, %d in flight: %.0f decisions/s%n", inFlight, total / seconds);
        }
    }
}
