package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestGateway;
import org.junit.jupiter.api.Test;

/**
 * A module we did not write the ABI glue for: wasm-filters/as_stamp.wasm, built with the
 * AssemblyScript proxy-wasm SDK (@solo-io/proxy-runtime). It exports the 0.2.0 marker, imports
 * wasi_unstable.proc_exit (stubbed), and finds its root context by root_id.
 */
class ThirdPartySdkTest {
    @Test
    void theAssemblyScriptSdkModuleStampsResponsesFromItsConfiguration() {
        try (var gw = TestGateway.start("""
                filters:
                  - name: as
                    type: wasm
                    config: {module: %s, root_id: as_stamp, configuration: from-config}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [as]}
                routes:
                  - {name: echo, match: {prefix: /}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """.formatted(WasmModules.shipped("as_stamp")))) {
            for (int i = 0; i < 3; i++) {
                var response = gw.get("/hello?x=" + i);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("x-as-stamp")).hasValue("from-config");
                assertThat(response.headers().firstValue("x-as-path")).hasValue("/hello?x=" + i);
                assertThat(response.body()).contains("\"path\":\"/hello\"");
            }
        }
    }
}
