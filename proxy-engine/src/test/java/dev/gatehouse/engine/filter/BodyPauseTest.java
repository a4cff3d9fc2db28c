package dev.gatehouse.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.testing.Traces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Body phases may pause (STOP, resumed later from another thread) and watchers may gather a body
 * (BUFFER) and rewrite it to another length: the exchange then frames the body itself.
 */
class BodyPauseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                filters:
                  - {name: hold-up, type: hold, config: {body: request}}
                  - {name: hold-down, type: hold, config: {body: response}}
                  - {name: hold-up-whole, type: hold, config: {body: request, mode: buffered}}
                  - {name: hold-down-whole, type: hold, config: {body: response, mode: buffered}}
                  - {name: gather-up, type: gather, config: {body: request}}
                  - {name: gather-down, type: gather, config: {body: response}}
                  - {name: gather-small, type: gather, config: {body: response, max_bytes: 1000}}
                  - {name: hold-long, type: hold, config: {body: response, first_only: true, delay_ms: 300}}
                listeners:
                  - {name: hold, address: 127.0.0.1:0, filters: [hold-up, hold-down]}
                  - {name: whole, address: 127.0.0.1:0, filters: [hold-up-whole, hold-down-whole]}
                  - {name: gather, address: 127.0.0.1:0, filters: [gather-up, gather-down]}
                  - {name: small, address: 127.0.0.1:0, filters: [gather-small]}
                  - {name: long, address: 127.0.0.1:0, filters: [hold-long]}
                routes:
                  - {name: bytes, match: {prefix: /bytes/}, cluster: stream}
                  - {name: echo, match: {prefix: /}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                  - {name: stream, endpoints: [{backend: stream}]}
                demo_backends:
                  - {name: echo, kind: echo}
                  - {name: stream, kind: stream}
                """);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static java.net.http.HttpResponse<String> get(String listener, String path) {
        return gw.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + gw.port(listener) + path)).build());
    }

    @Test
    void aPausedRequestStreamResumesWithEveryChunkInOrder() throws Exception {
        try (var raw = new RawHttp(gw.port("hold"))) {
            raw.send("POST /hold/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
            raw.send("7\r\n-second\r\n6\r\n-third\r\n0\r\n\r\n");
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("body").asText()).isEqualTo("first-second-third");
        }
    }

    @Test
    void aPausedResponseStreamDeliversALargeBodyIntact() {
        var large = get("hold", "/bytes/300000");
        assertThat(large.statusCode()).isEqualTo(200);
        assertThat(large.body()).hasSize(300_000);
        for (int i = 0; i < large.body().length(); i += 997) {
            assertThat(large.body().charAt(i)).isEqualTo((char) ('!' + i % 94));
        }
    }

    @Test
    void whileAResponseIsPausedItsUpstreamIsNotReadSoWhatIsHeldStaysBounded() {
        // 32 MiB behind a 300 ms pause: were the upstream still read, more than the 4 MiB a paused
        // stream may queue would arrive and the response would be cut; it arrives whole instead.
        var response = get("long", "/bytes/33554432");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(33_554_432);
    }

    @Test
    void wholeBodiesPauseAndResumeWithTheirReplacements() throws Exception {
        try (var raw = new RawHttp(gw.port("whole"))) {
            raw.send("POST /whole/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            // Whole bodies pass every filter of the chain, so both filters hold (and prefix) each of them.
            assertThat(response.body()).startsWith("held:held:{");
            assertThat(JSON.readTree(response.body().substring(10)).get("body").asText()).isEqualTo("held:held:hello");
            assertThat(response.header("content-length")).isEqualTo(Integer.toString(response.body().length()));
        }
    }

    @Test
    void gatheredBodiesAreRewrittenToAnotherLengthAndReframed() throws Exception {
        var reader = gw.gateway().tap().reader();
        try (var raw = new RawHttp(gw.port("gather"))) {
            raw.send("POST /gather/x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
            raw.send("defghij");
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            // The echo backend answers with Content-Length; the rewritten response goes out chunked.
            assertThat(response.header("content-length")).isNull();
            assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(response.body()).startsWith("<");
            String echoed = response.body().substring(response.body().indexOf('>') + 1);
            assertThat(echoed).contains("\"BODY\":\"<");
            assertThat(echoed).contains("CALLS>ABCDEFGHIJ\"");
            var trace = Traces.await(reader, response.header("x-request-id"));
            assertThat(trace.filterSpans()).anySatisfy(s -> {
                assertThat(s.phase()).isEqualTo("response_body");
                assertThat(s.verdict()).isEqualTo("modify");
            });
        }
    }

    @Test
    void aBodyGatheredFromThousandsOfTinyChunksStaysFlat() throws Exception {
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            chunks.append("1\r\n").append((char) ('a' + i % 26)).append("\r\n");
        }
        try (var raw = new RawHttp(gw.port("gather"))) {
            raw.send("POST /gather/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + "0\r\n\r\n");
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            String echoed = response.body().substring(response.body().indexOf('>') + 1);
            String body = JSON.readTree(echoed.toLowerCase(java.util.Locale.ROOT)).get("body").asText();
            assertThat(body.substring(body.indexOf('>') + 1)).hasSize(20_000).startsWith("abcdefghijklmnopqrstuvwxyzabc");
        }
    }

    @Test
    void aLargeGatheredBodyArrivesWholeInTheLastCall() {
        var response = get("gather", "/bytes/200000");
        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();
        String payload = body.substring(body.indexOf('>') + 1);
        assertThat(payload).hasSize(200_000);
        assertThat(response.headers().firstValue("content-length")).isEmpty();
    }

    @Test
    void gatheringMoreThanTheLimitFailsTheResponse() throws Exception {
        try (var raw = new RawHttp(gw.port("small"))) {
            raw.send("GET /bytes/100000 HTTP/1.1\r\nHost: a\r\n\r\n");
            // The head is out (or queued) before the body: the only honest signal left is a cut stream.
            assertThatThrownBy(raw::readResponse).isInstanceOf(java.io.IOException.class);
        }
    }
}
