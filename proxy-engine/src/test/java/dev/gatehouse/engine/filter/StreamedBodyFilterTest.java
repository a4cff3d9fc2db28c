package dev.gatehouse.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.testing.Traces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Filters that watch bodies chunk by chunk as they stream, both ways. */
class StreamedBodyFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                filters:
                  - {name: censor, type: censor}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [censor]}
                routes:
                  - {name: echo, match: {prefix: /}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void everyRequestChunkPassesTheFilterAndIsTracedOnce() throws Exception {
        var reader = gw.gateway().tap().reader();
        try (var raw = new RawHttp(gw.port())) {
            raw.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "7\r\na bad d\r\n");
            raw.send("8\r\nay, bad!\r\n0\r\n\r\n");
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            // The echo backend shows what arrived upstream; its JSON answer is censored on the way back too.
            assertThat(JSON.readTree(response.body()).get("body").asText()).isEqualTo("a *** day, ***!");
            Trace trace = Traces.await(reader, response.header("x-request-id"));
            var spans = trace.filterSpans().stream().filter(s -> s.phase().equals("request_body")).toList();
            assertThat(spans).hasSize(1);
            assertThat(spans.get(0).verdict()).isEqualTo("modify");
            assertThat(Integer.parseInt(spans.get(0).notes().get(1))).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aWatchingFilterCanRefuseMidStream() throws Exception {
        try (var raw = new RawHttp(gw.port())) {
            raw.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nstop\r\n0\r\n\r\n");
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("stopped\n");
        }
    }

    @Test
    void aResponseWithAContentLengthKeepsItsSize() throws Exception {
        var response = gw.get("/bad/path");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"path\":\"/***/path\"");
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(response.body().length());
    }
}
