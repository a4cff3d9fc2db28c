package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.testing.Traces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A module that traps, loops forever or eats memory is contained: the request gets what the failure
 * policy says, the failure is counted and traced, the VM is recreated and the engine carries on.
 */
class WasmSandboxTest {
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                filters:
                  - name: closed
                    type: wasm
                    config: {module: %1$s, max_callback_time: 300ms, memory_limit_pages: 64}
                  - name: open
                    type: wasm
                    config: {module: %1$s, max_callback_time: 300ms, memory_limit_pages: 64, failure_policy: fail_open,
                             mode: interpreter}
                listeners:
                  - {name: closed, address: 127.0.0.1:0, filters: [closed]}
                  - {name: open, address: 127.0.0.1:0, filters: [open]}
                routes:
                  - {name: echo, match: {prefix: /}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """.formatted(WasmModules.test("abi_probe")));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static java.net.http.HttpResponse<String> get(String listener, String probe) {
        return gw.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + gw.port(listener) + "/x")).header("x-probe", probe).build());
    }

    private static double failures(String filter, String reason) {
        return gw.metric("gatehouse_wasm_failures_total{filter=\"" + filter + "\",reason=\"" + reason + "\"}");
    }

    @Test
    void aTrapFailsClosedWithA503AndTheNextRequestGetsAFreshVm() throws Exception {
        var reader = gw.gateway().tap().reader();
        var response = get("closed", "trap");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("wasm filter 'closed' failed");
        assertThat(failures("closed", "trap")).isGreaterThanOrEqualTo(1);
        var trace = Traces.await(reader, response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(trace.filterSpans()).anySatisfy(span -> assertThat(span.notes()).contains("wasm_error"));
        assertThat(get("closed", "none").statusCode()).isEqualTo(200);
    }

    @Test
    void anEndlessLoopIsStoppedAtTheCallbackBudget() {
        var response = get("closed", "loop");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(failures("closed", "timeout")).isGreaterThanOrEqualTo(1);
        assertThat(get("closed", "none").statusCode()).isEqualTo(200);
    }

    @Test
    void aMemoryHogHitsTheCap() {
        var response = get("closed", "hog");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(failures("closed", "memory")).isGreaterThanOrEqualTo(1);
        assertThat(get("closed", "none").statusCode()).isEqualTo(200);
    }

    @Test
    void failOpenSkipsTheBrokenFilterForThatRequest() {
        for (String probe : new String[] {"trap", "loop"}) {
            var response = get("open", probe);
            assertThat(response.statusCode()).as(probe).isEqualTo(200);
            assertThat(response.body()).contains("\"path\":\"/x\""); // reached the upstream, filter skipped
        }
        assertThat(failures("open", "trap")).isGreaterThanOrEqualTo(1);
        assertThat(failures("open", "timeout")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aModuleThatRejectsItsConfigurationRejectsTheConfig() {
        assertThatThrownBy(() -> TestGateway.start(singleFilter("module: " + WasmModules.test("abi_probe")
                + ", configuration: reject-me")).close())
                .hasMessageContaining("proxy_on_configure rejected the plugin configuration");
    }

    @Test
    void aModuleThatDoesNotMatchItsPinIsRefused() {
        assertThatThrownBy(() -> TestGateway.start(singleFilter("module: " + WasmModules.test("abi_probe")
                + ", sha256: \"" + "0".repeat(64) + "\"")).close())
                .hasMessageContaining("not the pinned");
    }

    @Test
    void aModuleMatchingItsPinLoadsAlsoFromAFileUrl() throws Exception {
        java.nio.file.Path module = java.nio.file.Path.of(WasmModules.test("trivial"));
        String sha256 = WasmPlugin.sha256(java.nio.file.Files.readAllBytes(module));
        try (var pinned = TestGateway.start(singleFilter("module: \"" + module.toUri() + "\", sha256: \"" + sha256 + "\""))) {
            assertThat(pinned.get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void startUpMayTakeLongerThanOneCallback() {
        // proxy_on_configure spins for 300 ms; start-up calls get at least 5 s, not the 100 ms of a callback.
        try (var slow = TestGateway.start(singleFilter("module: " + WasmModules.test("abi_probe")
                + ", configuration: slow-start, max_callback_time: 100ms"))) {
            assertThat(slow.get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aMissingModuleIsRefused() {
        assertThatThrownBy(() -> TestGateway.start(singleFilter("module: /nonexistent/x.wasm")).close())
                .hasMessageContaining("cannot read module");
    }

    private static String singleFilter(String settings) {
        return """
                filters:
                  - {name: w, type: wasm, config: {%s}}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [w]}
                routes:
                  - {name: r, match: {prefix: /}, direct_response: {status: 200, body: ok}}
                """.formatted(settings);
    }
}
