package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A config apply swaps a filter's module under load: no request fails, new requests run the new module. */
class WasmHotSwapTest {
    private static final String CONFIG = """
            filters:
              - {name: stamp, type: wasm, config: {module: %s}}
            listeners:
              - {name: main, address: 127.0.0.1:0, filters: [stamp]}
            routes:
              - {name: echo, match: {prefix: /}, cluster: echo}
            clusters:
              - {name: echo, endpoints: [{backend: echo}]}
            demo_backends:
              - {name: echo, kind: echo}
            """;

    private static GatewayConfig config(String module) {
        return TestGateway.ephemeral(new ConfigLoader().load(CONFIG.formatted(WasmModules.test(module)), "test.yaml").config());
    }

    @Test
    void modulesSwapUnderLoadWithoutAFailedRequest() throws Exception {
        try (var gw = TestGateway.start(CONFIG.formatted(WasmModules.test("trivial")))) {
            var stop = new AtomicBoolean();
            var failures = new ConcurrentHashMap<String, Integer>();
            var served = new ConcurrentHashMap<String, AtomicInteger>();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread client = new Thread(() -> {
                    for (int n = 0; n < 5000 && !stop.get(); n++) {
                        try {
                            HttpResponse<String> r = gw.client().send(HttpRequest.newBuilder(gw.uri("/ping"))
                                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                failures.merge("status " + r.statusCode(), 1, Integer::sum);
                            } else {
                                served.computeIfAbsent(r.headers().firstValue("x-trivial").orElse("none"),
                                        k -> new AtomicInteger()).incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.merge(e.toString(), 1, Integer::sum);
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            String module = "trivial";
            for (int i = 0; i < 4; i++) {
                module = module.equals("trivial") ? "trivial_v2" : "trivial";
                String expected = module.equals("trivial") ? "v1" : "v2";
                int before = served.getOrDefault(expected, new AtomicInteger()).get();
                gw.gateway().apply(config(module), "swap " + i);
                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> served.getOrDefault(expected, new AtomicInteger()).get() > before + 20);
            }
            stop.set(true);
            for (Thread client : clients) {
                client.join();
            }
            assertThat(failures).isEmpty();
            assertThat(served.keySet()).containsOnly("v1", "v2");
            // Four swaps end on the first module again.
            assertThat(gw.get("/after").headers().firstValue("x-trivial")).hasValue("v1");
        }
    }
}
