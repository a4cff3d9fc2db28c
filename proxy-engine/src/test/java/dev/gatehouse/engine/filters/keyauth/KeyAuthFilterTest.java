package dev.gatehouse.engine.filters.keyauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.config.ApiKey;
import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.observe.TraceTap;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code key_auth} end to end: an echo backend shows what reaches the upstream. */
class KeyAuthFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRO_KEY = "pro-secret-key";
    static final String CONFIG = """
            consumers:
              - name: free-user-123
                tier: free
                keys: [free-key-1]
                attributes: {team: web}
              - name: pro-user
                tier: pro
                keys: ["sha256:%s"]
            filters:
              - name: key-auth
                type: key_auth
                config: {query: api_key, forward_consumer_header: x-consumer}
            listeners:
              - {name: main, address: 127.0.0.1:0, filters: [key-auth]}
            routes:
              - name: open
                match: {prefix: /open}
                cluster: echo
                filter_overrides:
                  key-auth: {disabled: true}
              - name: keep
                match: {prefix: /keep}
                cluster: echo
                filter_overrides:
                  key-auth: {config: {hide_credentials: false}}
              - {name: api, match: {prefix: /}, cluster: echo}
            clusters:
              - {name: echo, endpoints: [{backend: echo}]}
            demo_backends:
              - {name: echo, kind: echo}
            """.formatted(ApiKey.digest(PRO_KEY));
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
    void aMissingKeyIsA401WithAChallengeAndTheEnginesErrorDocument() throws Exception {
        var response = gw.get("/api/orders");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("ApiKey realm=\"gatehouse\"");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(401);
        assertThat(body.get("error").asText()).isEqualTo(
                "missing API key: send it in the x-api-key header or the api_key query parameter");
        assertThat(body.get("request_id").asText()).isEqualTo(response.headers().firstValue("x-request-id").orElseThrow());
    }

    @Test
    void anUnknownKeyIsA401() throws Exception {
        var response = gw.get("/api/orders", "x-api-key", "guessed");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("ApiKey realm=\"gatehouse\"");
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unknown API key");
    }

    @Test
    void aPlainKeyNamesItsConsumerUpstreamAndInTheTraceButIsNotForwarded() throws Exception {
        TraceTap.Reader reader = gw.gateway().tap().reader();
        var response = gw.get("/api/orders", "x-api-key", "free-key-1", "x-consumer", "spoofed");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode headers = JSON.readTree(response.body()).get("headers");
        assertThat(headers.get("x-consumer").asText()).isEqualTo("free-user-123");
        assertThat(headers.get("x-consumer-tier").asText()).isEqualTo("free");
        assertThat(headers.has("x-api-key")).isFalse();

        Trace trace = dev.gatehouse.engine.testing.Traces.await(reader, response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(trace.consumer()).isEqualTo("free-user-123");
        Trace.FilterSpan span = trace.filterSpans().get(0);
        assertThat(span.filter()).isEqualTo("key-auth");
        assertThat(span.verdict()).isEqualTo("modify");
        assertThat(span.notes()).containsExactly("consumer", "free-user-123", "tier", "free");
        assertThat(trace.toJson()).doesNotContain("free-key-1");
    }

    @Test
    void aKeyGivenAsSha256InConfigIsAcceptedByItsPlainValue() throws Exception {
        var response = gw.get("/api/x", "x-api-key", PRO_KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode headers = JSON.readTree(response.body()).get("headers");
        assertThat(headers.get("x-consumer").asText()).isEqualTo("pro-user");
        assertThat(headers.get("x-consumer-tier").asText()).isEqualTo("pro");
        // the hash itself is not a key
        assertThat(gw.get("/api/x", "x-api-key", "sha256:" + ApiKey.digest(PRO_KEY)).statusCode()).isEqualTo(401);
    }

    @Test
    void aKeyInTheQueryWorksAndIsRemovedBeforeForwarding() throws Exception {
        var response = gw.get("/api/search?q=tea&api_key=" + PRO_KEY + "&page=2");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.get("headers").get("x-consumer").asText()).isEqualTo("pro-user");
        assertThat(echo.get("query").has("api_key")).isFalse();
        assertThat(echo.get("query").get("q").get(0).asText()).isEqualTo("tea");
        assertThat(echo.get("query").get("page").get(0).asText()).isEqualTo("2");
    }

    @Test
    void aRouteCanKeepTheCredentialOrSwitchTheFilterOff() throws Exception {
        JsonNode kept = JSON.readTree(gw.get("/keep?api_key=free-key-1", "x-api-key", "free-key-1").body());
        assertThat(kept.get("headers").get("x-api-key").asText()).isEqualTo("free-key-1");
        assertThat(kept.get("query").get("api_key").get(0).asText()).isEqualTo("free-key-1");
        assertThat(kept.get("headers").has("x-consumer")).isFalse(); // the override's settings replace the filter's

        HttpResponse<String> open = gw.get("/open/status");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(open.body()).get("headers").has("x-consumer")).isFalse();
    }

    @Test
    void queryParametersAreFoundDecodedAndRemovedWithoutTouchingOthers() {
        assertThat(KeyAuthFilter.queryValue("/a?x=1&api%5Fkey=k%2B1", "api_key")).isEqualTo("k+1");
        assertThat(KeyAuthFilter.queryValue("/a?x=1", "api_key")).isNull();
        assertThat(KeyAuthFilter.withoutParameter("/a?x=%20&api_key=k&y", "api_key")).isEqualTo("/a?x=%20&y");
        assertThat(KeyAuthFilter.withoutParameter("/a?api_key=k", "api_key")).isEqualTo("/a");
        assertThat(KeyAuthFilter.withoutParameter("/a", "api_key")).isEqualTo("/a");
    }

}
