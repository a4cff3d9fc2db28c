package dev.gatehouse.engine.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every request leaves a trace: in the tap, in the access log and on {@code GET /tap}. */
class TraceRecordingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String config(Path log, String failingAddress) {
        return """
                observability:
                  access_log:
                    path: %s
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - name: flaky
                    match: {prefix: /flaky}
                    cluster: flaky
                    retry: {on: [5xx], num_retries: 1, backoff: {base: 1ms, max: 2ms}}
                  - {name: echo, match: {prefix: /echo}, cluster: echo}
                clusters:
                  - name: flaky
                    endpoints: [{address: "%s"}, {backend: echo}]
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """.formatted(log, failingAddress);
    }

    @Test
    void tracesRecordRouteAttemptsTimelineAndReachTheAccessLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        try (var failing = new StubUpstream(503, "failing");
             var gw = TestGateway.start(config(log, failing.address()))) {
            var reader = gw.gateway().tap().reader();
            assertThat(gw.get("/flaky/a").statusCode()).isEqualTo(200); // first endpoint fails, retry succeeds
            assertThat(gw.get("/nowhere").statusCode()).isEqualTo(404);

            List<Trace> traces = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                reader.drainTo(traces, 10);
                return traces.size() >= 2;
            });
            Trace retried = traces.stream().filter(t -> t.uri().equals("/flaky/a")).findFirst().orElseThrow();
            assertThat(retried.route()).isEqualTo("flaky");
            assertThat(retried.virtualHost()).isEqualTo("default"); // recorded on every trace
            assertThat(retried.routeMisses()).isEmpty();             // its route was the first one tried
            assertThat(retried.cluster()).isEqualTo("flaky");
            assertThat(retried.attempts()).isEqualTo(2);
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.uri()).isEqualTo("/flaky/a");
            long routed = retried.nanos(Trace.Mark.ROUTE_CHOSEN);
            long connected = retried.nanos(Trace.Mark.UPSTREAM_CONNECTED);
            long firstByte = retried.nanos(Trace.Mark.UPSTREAM_FIRST_BYTE);
            assertThat(routed).isNotNegative();
            assertThat(connected).isGreaterThanOrEqualTo(routed);
            assertThat(firstByte).isGreaterThanOrEqualTo(connected);
            assertThat(retried.durationNanos()).isGreaterThanOrEqualTo(firstByte);

            Trace missing = traces.stream().filter(t -> t.uri().equals("/nowhere")).findFirst().orElseThrow();
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.flags()).isEqualTo("NR");
            assertThat(missing.route()).isEmpty();
            assertThat(missing.virtualHost()).isEqualTo("default");
            assertThat(missing.routeMisses()).hasSize(2).allSatisfy(m -> assertThat(m).contains("did not match"));
            assertThat(missing.routeMisses().get(0)).startsWith("flaky: ");

            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.exists(log) && Files.readAllLines(log).size() >= 2);
            List<String> lines = Files.readAllLines(log);
            JsonNode first = JSON.readTree(lines.stream().filter(l -> l.contains("/flaky/a")).findFirst().orElseThrow());
            assertThat(first.get("request_id").asText()).isEqualTo(retried.requestId());
            assertThat(first.get("attempts").asInt()).isEqualTo(2);
            assertThat(first.get("timeline_us").has("upstream_first_byte")).isTrue();
            assertThat(first.get("timeline_us").get("connection_accepted").asLong()).isLessThanOrEqualTo(0);
            assertThat(retried.connectionAgeNanos()).isNotNegative();
            assertThat(JSON.readTree(lines.stream().filter(l -> l.contains("/nowhere")).findFirst().orElseThrow())
                    .get("flags").asText()).isEqualTo("NR");
        }
    }

    @Test
    void tapStreamsFilteredTracesAsServerSentEvents(@TempDir Path dir) throws Exception {
        try (var failing = new StubUpstream(503, "failing");
             var gw = TestGateway.start(config(dir.resolve("a.log"), failing.address()))) {
            HttpResponse<java.io.InputStream> stream = gw.client().send(
                    HttpRequest.newBuilder(gw.adminUri("/tap?status=4xx")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
            try (var lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).isEqualTo(": gatehouse tap");
                gw.get("/echo/ok");         // 200: filtered out
                gw.get("/missing-page");    // 404: streamed
                String data;
                do {
                    data = lines.readLine();
                } while (data != null && !data.startsWith("data: "));
                assertThat(data).isNotNull();
                JsonNode event = JSON.readTree(data.substring("data: ".length()));
                assertThat(event.get("status").asInt()).isEqualTo(404);
                assertThat(event.get("path").asText()).isEqualTo("/missing-page");
            }
        }
    }

    @Test
    void badTapQueriesAre400() {
        try (var gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                """)) {
            assertThat(gw.admin("GET", "/tap?status=abc", null, false).statusCode()).isEqualTo(400);
            assertThat(gw.admin("GET", "/tap?sample=2", null, false).statusCode()).isEqualTo(400);
        }
    }
}
