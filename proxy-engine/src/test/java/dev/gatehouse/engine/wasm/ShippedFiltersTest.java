package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The small shipped filters: a response header from configuration, and a local 403 without a header. */
class ShippedFiltersTest {
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                filters:
                  - name: stamp
                    type: wasm
                    config: {module: %s, configuration: {name: x-powered-by, value: gatehouse-wasm}}
                  - name: need-key
                    type: wasm
                    config: {module: %s, configuration: {header: x-api-key}}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [stamp, need-key]}
                routes:
                  - {name: echo, match: {prefix: /}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """.formatted(WasmModules.shipped("add_header"), WasmModules.shipped("require_header")));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void aRequestWithTheHeaderPassesAndGetsTheAddedResponseHeader() {
        var response = gw.get("/x", "x-api-key", "k1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-powered-by")).hasValue("gatehouse-wasm");
    }

    @Test
    void aRequestWithoutTheHeaderGetsALocal403ThatStillPassesTheResponseFilters() {
        var response = gw.get("/x");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("forbidden: missing header x-api-key\n");
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.headers().firstValue("x-powered-by")).hasValue("gatehouse-wasm");
    }
}
