package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.testing.SteadyLoad;
import dev.gatehouse.engine.testing.TestGateway;
import java.time.Duration;
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
            var load = new SteadyLoad(gw, "/ping", "x-trivial", 3, 5000);
            String module = "trivial";
            for (int i = 0; i < 4; i++) {
                module = module.equals("trivial") ? "trivial_v2" : "trivial";
                String expected = module.equals("trivial") ? "v1" : "v2";
                int before = load.servedBy(expected);
                gw.gateway().apply(config(module), "swap " + i);
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> load.servedBy(expected) > before + 20);
            }
            load.close();
            assertThat(load.failures()).isEmpty();
            assertThat(load.answeredBy()).containsOnly("v1", "v2");
            // Four swaps end on the first module again.
            assertThat(gw.get("/after").headers().firstValue("x-trivial")).hasValue("v1");
        }
    }
}
