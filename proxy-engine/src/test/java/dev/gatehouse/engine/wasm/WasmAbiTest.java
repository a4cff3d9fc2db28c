package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.testing.Traces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host's ABI, call by call, through a real gateway and the abi_probe test module (source in
 * wasm-filters/test/abi_probe.c): the request header x-probe picks what it exercises.
 */
class WasmAbiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StubUpstream side;
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        side = new StubUpstream(200, "side");
        gw = TestGateway.start("""
                filters:
                  - name: probe
                    type: wasm
                    config:
                      module: %s
                      root_id: probe-root
                      configuration: {hello: world}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [probe]}
                routes:
                  - {name: echo, match: {prefix: /}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                  - {name: side, endpoints: [{address: "%s"}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """.formatted(WasmModules.test("abi_probe"), side.address()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        side.close();
    }

    private static String probe(String which) {
        var response = gw.get("/p", "x-probe", which);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void headerMapsEditRequestHeadersIncludingPseudoHeadersAndReadTheStatus() throws Exception {
        var response = gw.get("/original?q=1", "x-remove-me", "1", "x-probe-seen", "no");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echoed = JSON.readTree(response.body());
        assertThat(echoed.get("path").asText()).isEqualTo("/rewritten");
        assertThat(echoed.get("headers").get("x-probe-seen").asText()).isEqualTo("yes");
        assertThat(echoed.get("headers").has("x-remove-me")).isFalse();
        assertThat(response.headers().firstValue("x-probe-status")).hasValue("200");
    }

    @Test
    void setHeaderMapPairsReplacesTheRequestHeadersPseudoHeadersIncluded() throws Exception {
        var response = gw.get("/p", "x-probe", "setpairs", "x-dropped", "1");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echoed = JSON.readTree(response.body());
        assertThat(echoed.get("path").asText()).isEqualTo("/setpairs");
        assertThat(echoed.get("headers").get("x-only").asText()).isEqualTo("1");
        assertThat(echoed.get("headers").has("x-dropped")).isFalse();
        assertThat(echoed.get("headers").get("x-forwarded-host").asText()).isEqualTo("a");
    }

    @Test
    void headerPairsCountPseudoHeadersAndSizeMatchesTheSerializedMap() {
        assertThat(probe("pairs")).isEqualTo("count_ok=1;size_ok=1;first=:method;authority=127.0.0.1:" + gw.port()
                + ";no_body=1");
    }

    @Test
    void propertiesNameTheRequestAndThePlugin() {
        // source.address is the downstream peer with its port, as Envoy gives it
        assertThat(probe("props")).matches("path=/p;method=GET;plugin=probe;root=probe-root;source=127\\.0\\.0\\.1:[0-9]+;"
                + "missing=\\?;mine=v1;configured=17;started=1");
    }

    @Test
    void sharedDataComparesAndSwaps() {
        String body = probe("shared");
        // The first request of the class sees no value; later runs see the one it left: both are fine.
        assertThat(body).matches("first=[01];set=0;value=one;stale=8;cas_set=0;now=three");
    }

    @Test
    void metricsCountAndReachPrometheus() {
        assertThat(probe("metric")).startsWith("counter=").contains(";gauge=42;histogram=0;unknown=1");
        assertThat(gw.metric("gatehouse_wasm_histogram_count{filter=\"probe\",name=\"probe_sizes\"}")).isGreaterThanOrEqualTo(1);
        assertThat(gw.metric("gatehouse_wasm_counter_total{filter=\"probe\",name=\"probe_hits\"}")).isGreaterThanOrEqualTo(2);
        assertThat(gw.metric("gatehouse_wasm_gauge{filter=\"probe\",name=\"probe_level\"}")).isEqualTo(42);
    }

    @Test
    void sharedQueuesRegisterResolveEnqueueAndDequeue() {
        assertThat(probe("queue")).isEqualTo("resolve=0;same=1;dequeue=0;value=hello;empty=7");
    }

    @Test
    void clockAndLogLevel() {
        assertThat(probe("time")).isEqualTo("time_ok=1;level_ok=1");
    }

    @Test
    void unsupportedCallsAnswerUnimplemented() {
        assertThat(probe("unimplemented")).isEqualTo("foreign=12");
    }

    @Test
    void moduleLogLinesGoIntoTheTrace() throws Exception {
        var reader = gw.gateway().tap().reader();
        var response = gw.get("/p", "x-probe", "log");
        assertThat(response.statusCode()).isEqualTo(200);
        var trace = Traces.await(reader, response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(trace.filterSpans()).anySatisfy(span -> {
            assertThat(span.phase()).isEqualTo("request_headers");
            assertThat(span.notes()).containsSequence("log.info", "probe says hi");
        });
        // a Wasm module has a log phase (proxy_on_log), so it is run and traced
        assertThat(trace.filterSpans()).extracting(Trace.FilterSpan::phase).contains("log");
    }

    @Test
    void aPausedRequestResumesFromATick() throws Exception {
        var response = gw.get("/p", "x-probe", "pause");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("headers").get("x-resumed-by").asText()).isEqualTo("tick");
    }

    @Test
    void httpCallsReachAClusterAndAnswerThroughTheCallback() {
        assertThat(probe("httpcall")).isEqualTo("call_status=200;body=side says 200\n");
    }

    @Test
    void aBufferedRequestBodyIsRewrittenToAnotherLength() throws Exception {
        try (var raw = new RawHttp(gw.port())) {
            raw.send("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello ");
            raw.send("world");
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("body").asText()).isEqualTo("HELLO WORLD!");
        }
    }
}
