package dev.gatehouse.engine.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigExporter;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.ObservabilityConfig;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.testing.Traces;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** observability.capture: traces keep headers and the first body bytes only when asked, within the limit. */
class TraceCaptureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String config(String capture) {
        return """
                observability:
                %s
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: echo, match: {prefix: /echo}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """.formatted(capture);
    }

    @Test
    void capturesHeadersAndBodiesUpToTheLimit() throws Exception {
        try (var gw = TestGateway.start(config("  capture: {headers: true, body_bytes: 16}"))) {
            var reader = gw.gateway().tap().reader();
            var request = HttpRequest.newBuilder(gw.uri("/echo/orders")).timeout(Duration.ofSeconds(10))
                    .header("x-demo", "yes").header("x-request-id", "capture-1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"pen\",\"qty\":2,\"note\":\"long enough\"}")).build();
            assertThat(gw.send(request).statusCode()).isEqualTo(200);
            JsonNode trace = JSON.readTree(Traces.await(reader, "capture-1").toJson());

            JsonNode req = trace.path("request");
            assertThat(req.path("headers").toString()).contains("[\"x-demo\",\"yes\"]");
            assertThat(req.path("body").asText()).isEqualTo("{\"item\":\"pen\",\"q");
            assertThat(req.path("body_truncated").asBoolean()).isTrue();
            JsonNode resp = trace.path("response");
            assertThat(resp.path("headers").toString()).contains("x-request-id");
            assertThat(resp.path("body").asText()).hasSize(16);
        }
    }

    @Test
    void offByDefaultAndForLocalRepliesToo() throws Exception {
        try (var gw = TestGateway.start(config("  tap_capacity: 64"))) {
            var reader = gw.gateway().tap().reader();
            gw.get("/nowhere", "x-request-id", "capture-2");
            String json = Traces.await(reader, "capture-2").toJson();
            assertThat(JSON.readTree(json).has("request")).isFalse();
            assertThat(JSON.readTree(json).has("response")).isFalse();
        }
        try (var gw = TestGateway.start(config("  capture: {headers: true}"))) {
            var reader = gw.gateway().tap().reader();
            gw.get("/nowhere", "x-request-id", "capture-3");
            JsonNode trace = JSON.readTree(Traces.await(reader, "capture-3").toJson());
            assertThat(trace.path("response").path("headers").toString()).contains("x-gatehouse-flags");
            assertThat(trace.path("response").has("body")).isFalse(); // body_bytes 0: no body kept
        }
    }

    @Test
    void roundTripsThroughExportAndRejectsAnOversizedLimit() {
        var loaded = new ConfigLoader().load(config("  capture: {headers: true, body_bytes: 4KiB}"), "c.yaml").config();
        assertThat(loaded.observability().capture()).isEqualTo(new ObservabilityConfig.CaptureConfig(true, 4096));
        String yaml = ConfigExporter.toYaml(loaded);
        assertThat(new ConfigLoader().load(yaml, "export.yaml").config()).isEqualTo(loaded);
        try {
            new ConfigLoader().load(config("  capture: {body_bytes: 2MiB}"), "big.yaml");
            throw new AssertionError("an oversized capture limit was accepted");
        } catch (ConfigException e) {
            assertThat(e.getMessage() + e.errors()).contains("body_bytes");
        }
    }
}
