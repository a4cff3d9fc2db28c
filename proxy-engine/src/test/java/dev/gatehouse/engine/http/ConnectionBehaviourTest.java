package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 connection semantics over raw sockets: keep-alive, pipelining, 100-continue, timeouts, limits. */
class ConnectionBehaviourTest {
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                listeners:
                  - name: main
                    address: 127.0.0.1:0
                    limits: {request_headers_timeout: 300ms}
                routes:
                  - name: echo
                    match: {prefix: /}
                    cluster: echo
                clusters:
                  - name: echo
                    endpoints: [{backend: echo}]
                demo_backends:
                  - {name: echo, kind: echo}
                """);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (var raw = new RawHttp(gw.port())) {
            raw.send("GET /one HTTP/1.1\r\nHost: a\r\nx-echo-delay-ms: 100\r\n\r\n"
                    + "GET /two HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /three HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().body()).contains("\"path\":\"/one\"");
            assertThat(raw.readResponse().body()).contains("\"path\":\"/two\"");
            assertThat(raw.readResponse().body()).contains("\"path\":\"/three\"");
        }
    }

    @Test
    void expectContinueGets100ThenTheResponse() throws Exception {
        try (var raw = new RawHttp(gw.port())) {
            raw.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(raw.readHead()).startsWith("HTTP/1.1 100 Continue");
            raw.send("hello");
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("\"body\":\"hello\"").doesNotContain("expect");
        }
    }

    @Test
    void chunkedRequestBodyIsStreamedUpstream() throws Exception {
        try (var raw = new RawHttp(gw.port())) {
            raw.send("POST /chunks HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("\"body\":\"hello world\"");
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (var raw = new RawHttp(gw.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            var response = raw.readResponse();
            assertThat(response.header("connection")).isEqualToIgnoringCase("close");
            assertThat(raw.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void http10ClientsAreServed() throws Exception {
        try (var raw = new RawHttp(gw.port())) {
            raw.send("GET /old HTTP/1.0\r\n\r\n");
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("\"path\":\"/old\"");
        }
    }

    @Test
    void slowHeadersGet408AndTheConnectionCloses() throws Exception {
        try (var raw = new RawHttp(gw.port())) {
            raw.send("GET /slow HTTP/1.1\r\nHost: a\r\n"); // never finishes its headers
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.header(ResponseFlag.HEADER)).isEqualTo("RHT");
            String requestId = response.header("x-request-id");
            assertThat(requestId).matches(RefusedRequests.GENERATED_REQUEST_ID);
            assertThat(response.body()).isEqualTo(
                    "{\"status\":408,\"error\":\"request headers not received in time\",\"request_id\":\""
                            + requestId + "\"}\n");
            assertThat(raw.isClosedByPeer()).isTrue();
        }
    }
}
