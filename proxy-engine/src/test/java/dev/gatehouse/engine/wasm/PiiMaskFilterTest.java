package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.testing.Traces;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped PII masking filter (wasm-filters/pii_mask.wasm) on bodies that arrive piece by piece. */
class PiiMaskFilterTest {
    private static final String NESTED = """
            {"user": {"ssn": "123-45-6789", "profile": {"email": "john.doe@example.com", "phones": ["+1 555 010 4567"]}},
             "payments": [{"credit_card": "4111 1111 1111 1111", "amount": 12.5, "ok": true, "note": null}],
             "free_text": "card 4111-1111-1111-1111 inside a sentence stays", "user_id": "12345"}""";
    private static final String MASKED = """
            {"user": {"ssn": "***-**-6789", "profile": {"email": "j***@example.com", "phones": ["***-***-4567"]}},
             "payments": [{"credit_card": "****-****-****-1111", "amount": 12.5, "ok": true, "note": null}],
             "free_text": "card 4111-1111-1111-1111 inside a sentence stays", "user_id": "12345"}""";
    private static PiecewiseUpstream upstream;
    private static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new PiecewiseUpstream(Map.of(
                "/nested", new PiecewiseUpstream.Answer("application/json", PiecewiseUpstream.pieces(NESTED, 3)),
                "/malformed", new PiecewiseUpstream.Answer("application/json",
                        List.of("{\"ssn\": \"123-45-6789\"", ", \"broken\": }")),
                "/text", new PiecewiseUpstream.Answer("text/plain", List.of("{\"ssn\": \"123-45-6789\"}")),
                "/secret", new PiecewiseUpstream.Answer("application/json; charset=utf-8",
                        PiecewiseUpstream.pieces("{\"secret\": \"hunter2\", \"ssn\": \"123-45-6789\"}", 5))));
        gw = TestGateway.start("""
                filters:
                  - {name: pii, type: wasm, config: {module: %1$s}}
                  - name: custom
                    type: wasm
                    config: {module: %1$s, configuration: {fields: {secret: full}, detect: []}}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [pii]}
                  - {name: custom, address: 127.0.0.1:0, filters: [custom]}
                routes:
                  - {name: up, match: {prefix: /}, cluster: up}
                clusters:
                  - {name: up, endpoints: [{address: "%2$s"}]}
                """.formatted(WasmModules.shipped("pii_mask"), upstream.address()));
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    @Test
    void masksNestedObjectsAndArraysAcrossChunkBoundaries() throws Exception {
        var reader = gw.gateway().tap().reader();
        var response = gw.get("/nested");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(MASKED);
        var trace = Traces.await(reader, response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(trace.filterSpans()).anySatisfy(span -> {
            assertThat(span.phase()).isEqualTo("response_body");
            assertThat(span.verdict()).isEqualTo("modify");
            assertThat(span.notes()).contains("log.info", "pii_mask: masked fields: ssn, email, phones, credit_card");
            assertThat(String.join(" ", span.notes())).doesNotContain("6789", "john.doe");
        });
        assertThat(gw.metric("gatehouse_wasm_counter_total{filter=\"pii\",name=\"pii_masked_fields\"}"))
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void malformedJsonPassesUnchanged() {
        var response = gw.get("/malformed");
        assertThat(response.body()).isEqualTo("{\"ssn\": \"123-45-6789\", \"broken\": }");
    }

    @Test
    void bodiesNotLabelledJsonPassUnchanged() {
        assertThat(gw.get("/text").body()).isEqualTo("{\"ssn\": \"123-45-6789\"}");
    }

    @Test
    void fieldNamesAndPatternsComeFromThePluginConfiguration() {
        var response = gw.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + gw.port("custom") + "/secret")).build());
        // Only the configured field is masked; pattern detection is off, and ssn is not a configured field.
        assertThat(response.body()).isEqualTo("{\"secret\": \"****\", \"ssn\": \"123-45-6789\"}");
    }
}
