package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.TestGateway;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The curriculum's project 1 outcome, from the sample config itself. */
class Lab1NakedProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.fromSample("lab1-naked-proxy.yaml");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void echoRouteReachesTheEchoBackendWithProxyHeaders() throws Exception {
        var response = gw.get("/service/echo/hello?x=1&x=2", "x-custom", "abc");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.get("method").asText()).isEqualTo("GET");
        assertThat(echo.get("path").asText()).isEqualTo("/service/echo/hello");
        assertThat(echo.get("query").get("x").toString()).isEqualTo("[\"1\",\"2\"]");
        JsonNode headers = echo.get("headers");
        assertThat(headers.get("x-custom").asText()).isEqualTo("abc");
        assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        assertThat(headers.get("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(headers.get("via").asText()).isEqualTo("1.1 gatehouse");
        assertThat(headers.get("x-request-id").asText()).matches("[0-9a-f-]{36}");
        assertThat(response.headers().firstValue("x-request-id")).hasValue(headers.get("x-request-id").asText());
    }

    @Test
    void incomingRequestIdIsKept() throws Exception {
        var response = gw.get("/service/echo", "x-request-id", "trace-me-42");
        assertThat(JSON.readTree(response.body()).get("headers").get("x-request-id").asText()).isEqualTo("trace-me-42");
        assertThat(response.headers().firstValue("x-request-id")).hasValue("trace-me-42");
    }

    @Test
    void postBodyIsForwarded() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(gw.uri("/service/echo/items"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                .header("content-type", "application/json").build();
        var response = gw.send(request);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("body").asText()).isEqualTo("{\"a\":1}");
    }

    @Test
    void webRouteAlternatesBetweenTwoEndpoints() {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            var response = gw.get("/service/web");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("Served by");
            seen.merge(response.headers().firstValue("x-backend").orElseThrow(), 1, Integer::sum);
        }
        assertThat(seen).containsOnlyKeys("web-1", "web-2");
        assertThat(seen.get("web-1")).isEqualTo(5);
    }

    @Test
    void anythingElseIs404WithTheNoRouteFlag() throws Exception {
        var response = gw.get("/elsewhere");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("NR");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(404);
        assertThat(body.get("error").asText()).contains("no route");
        assertThat(body.get("request_id").asText()).isEqualTo(response.headers().firstValue("x-request-id").orElseThrow());
    }

    @Test
    void aLocal404KeepsTheConnectionOpen() throws Exception {
        try (var raw = new dev.gatehouse.engine.testing.RawHttp(gw.port())) {
            raw.send("GET /nowhere HTTP/1.1\r\nHost: a\r\n\r\n");
            var notFound = raw.readResponse();
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.header("connection")).isNull();
            raw.send("GET /service/echo HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void hopByHopHeadersAreDroppedButTeTrailersSurvives() throws Exception {
        try (var raw = new dev.gatehouse.engine.testing.RawHttp(gw.port())) {
            raw.send("GET /service/echo HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, x-hop\r\nx-hop: 1\r\n"
                    + "Keep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Connection: keep-alive\r\n\r\n");
            JsonNode headers = JSON.readTree(raw.readResponse().body()).get("headers");
            assertThat(headers.has("x-hop")).isFalse();
            assertThat(headers.has("keep-alive")).isFalse();
            assertThat(headers.has("proxy-connection")).isFalse();
            assertThat(headers.get("te").asText()).isEqualTo("trailers");
        }
    }
}
