package dev.gatehouse.engine.filters.cors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code cors} end to end: preflights answered by the gateway, CORS headers on actual responses. */
class CorsFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONFIG = """
            filters:
              - name: cors
                type: cors
                config:
                  allow_origins: [https://app.example.com, "https://*.partner.example"]
                  allow_methods: [GET, POST, PUT]
                  allow_headers: [content-type, x-api-key]
                  expose_headers: [x-request-id]
                  allow_credentials: true
                  max_age: 600
              - name: open-cors
                type: cors
                config: {allow_origins: ["*"]}
            listeners:
              - {name: main, address: 127.0.0.1:0, filters: [cors]}
              - {name: public, address: 127.0.0.1:0, filters: [open-cors]}
            routes:
              - {name: api, match: {prefix: /}, cluster: echo}
            clusters:
              - {name: echo, endpoints: [{backend: echo}]}
            demo_backends:
              - {name: echo, kind: echo}
            """;
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void anAllowedPreflightIsAnsweredByTheGatewayWith204() {
        var response = preflight("main", "https://app.example.com", "PUT", "Content-Type, X-Api-Key");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
        assertThat(response.headers().firstValue("access-control-allow-credentials")).hasValue("true");
        assertThat(response.headers().firstValue("access-control-allow-methods")).hasValue("GET, POST, PUT");
        assertThat(response.headers().firstValue("access-control-allow-headers")).hasValue("content-type, x-api-key");
        assertThat(response.headers().firstValue("access-control-max-age")).hasValue("600");
        assertThat(response.headers().allValues("vary")).contains("origin", "access-control-request-method");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aSubdomainPatternAllowsSubdomainsOnly() {
        assertThat(preflight("main", "https://eu.shop.partner.example", "GET", null).statusCode()).isEqualTo(204);
        assertThat(preflight("main", "https://partner.example", "GET", null).statusCode()).isEqualTo(403);
        assertThat(preflight("main", "https://evil.com/.partner.example", "GET", null).statusCode()).isEqualTo(403);
        assertThat(preflight("main", "http://eu.partner.example", "GET", null).statusCode()).isEqualTo(403);
    }

    @Test
    void aPreflightFromAnUnknownOriginOrForAnotherMethodOrHeaderIs403WithoutCorsHeaders() throws Exception {
        var origin = preflight("main", "https://evil.example", "GET", null);
        assertThat(origin.statusCode()).isEqualTo(403);
        assertThat(origin.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(JSON.readTree(origin.body()).get("error").asText())
                .isEqualTo("CORS preflight refused: origin https://evil.example is not allowed");
        assertThat(preflight("main", "https://app.example.com", "DELETE", null).statusCode()).isEqualTo(403);
        assertThat(preflight("main", "https://app.example.com", "POST", "x-secret").statusCode()).isEqualTo(403);
    }

    @Test
    void anActualRequestFromAnAllowedOriginGetsCorsHeadersOnTheUpstreamResponse() {
        var response = gw.send(request("main", "/api/data").header("Origin", "https://app.example.com").GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"backend\":\"echo\"");
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
        assertThat(response.headers().firstValue("access-control-allow-credentials")).hasValue("true");
        assertThat(response.headers().firstValue("access-control-expose-headers")).hasValue("x-request-id");
        assertThat(response.headers().allValues("vary")).contains("origin");
    }

    @Test
    void anActualRequestFromAnotherOriginGetsNoCorsHeaders() {
        var response = gw.send(request("main", "/api/data").header("Origin", "https://evil.example").GET().build());
        assertThat(response.statusCode()).isEqualTo(200); // the browser, not the gateway, withholds it from the page
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.startsWith("access-control-"));
    }

    @Test
    void requestsWithoutOriginAreUntouched() {
        var response = gw.get("/api/data");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.startsWith("access-control-"));
        assertThat(response.headers().allValues("vary")).doesNotContain("origin");
        // an OPTIONS request that is not a preflight goes upstream
        var options = gw.send(request("main", "/api/data").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(options.body()).contains("\"method\":\"OPTIONS\"");
    }

    @Test
    void anyOriginWithoutCredentialsAnswersStarAndDoesNotVary() {
        var preflight = preflight("public", "https://anyone.example", "POST", null);
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("access-control-allow-credentials")).isEmpty();
        assertThat(preflight.headers().firstValue("access-control-max-age")).isEmpty();
        var actual = gw.send(request("public", "/x").header("Origin", "https://anyone.example").GET().build());
        assertThat(actual.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(actual.headers().allValues("vary")).doesNotContain("origin");
    }

    @Test
    void originsAreMatchedAsOriginsNotAsText() {
        var origins = AllowedOrigins.of(List.of("https://App.Example.com", "https://*.example.org:8443"), (i, m) -> { });
        assertThat(origins.allows("https://app.example.com")).isTrue();
        assertThat(origins.allows("https://app.example.com.evil.net")).isFalse();
        assertThat(origins.allows("https://a.b.example.org:8443")).isTrue();
        assertThat(origins.allows("https://a.example.org")).isFalse();
        assertThat(origins.allows("https://x:1@a.example.org:8443")).isFalse();
        assertThat(origins.allows("null")).isFalse();
    }

    private static HttpResponse<String> preflight(String listener, String origin, String method, String headers) {
        var builder = request(listener, "/api/data")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method);
        if (headers != null) {
            builder.header("Access-Control-Request-Headers", headers);
        }
        return gw.send(builder.build());
    }

    private static HttpRequest.Builder request(String listener, String path) {
        return HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + gw.port(listener) + path))
                .timeout(Duration.ofSeconds(20));
    }
}
