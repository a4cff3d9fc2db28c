package dev.gatehouse.engine.filters.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.filters.jwt.LabTokens;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a limit counts by, through a real gateway with the local backend. */
class RateLimitDescriptorsTest {
    private static final String CONFIG = """
            engine: {drain_time: 0}
            consumers:
              - {name: alice, tier: gold, keys: [alice-key]}
              - {name: bob, tier: gold, keys: [bob-key]}
              - {name: carol, tier: tin, keys: [carol-key]}
            filters:
              - name: jwt
                type: jwt_authn
                config:
                  providers:
                    - name: test
                      issuer: https://issuer.test
                      algorithms: [HS256]
                      secret: a-test-secret-that-is-at-least-32-bytes-long
              - name: keys
                type: key_auth
                config: {hide_credentials: false}
              - name: limits
                type: rate_limit
                config:
                  limits:
                    - {name: per-header, key: ["header:x-tenant"], requests: 2, per: minute}
                    - {name: per-ip-route, key: [client_ip, route], requests: 3, per: minute}
              - name: by-tenant
                type: rate_limit
                config:
                  limits: [{name: per-header, key: ["header:x-tenant"], requests: 2, per: minute}]
              - name: by-claim
                type: rate_limit
                config:
                  limits: [{name: per-sub, key: ["jwt_claim:sub"], requests: 2, per: hour}]
              - name: by-tier
                type: rate_limit
                config:
                  limits:
                    - {name: per-tier, key: [tier], tiers: {gold: {requests: 3, per: minute}}}
                    - {name: per-key, key: [api_key], requests: 100, per: minute}
            listeners:
              - name: public
                address: 127.0.0.1:0
                filters: [limits]
              - name: tenants
                address: 127.0.0.1:0
                filters: [by-tenant]
              - name: tokens
                address: 127.0.0.1:0
                filters: [jwt, by-claim]
              - name: keyed
                address: 127.0.0.1:0
                filters: [keys, by-tier]
            routes:
              - name: one
                match: {prefix: /one}
                direct_response: {status: 200, body: one}
              - name: unlimited
                match: {prefix: /unlimited}
                direct_response: {status: 200, body: free}
                filter_overrides:
                  limits: {disabled: true}
              - name: two
                match: {prefix: /}
                direct_response: {status: 200, body: two}
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

    private static HttpResponse<String> get(String listener, String path, String... headers) {
        var request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + gw.port(listener) + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return gw.send(request.GET().build());
    }

    @Test
    void aHeaderKeysItsOwnBucketAndARequestWithoutItIsNotCountedByThatLimit() {
        assertThat(get("tenants", "/two", "x-tenant", "acme").statusCode()).isEqualTo(200);
        assertThat(get("tenants", "/two", "x-tenant", "acme").statusCode()).isEqualTo(200);
        HttpResponse<String> third = get("tenants", "/two", "x-tenant", "acme");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).contains("per-header");
        assertThat(get("tenants", "/two", "x-tenant", "globex").statusCode()).isEqualTo(200);
    }

    @Test
    void clientIpAndRouteTogetherMakeOneBucketPerCombinationAndTheTightestIsReported() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = get("public", "/one");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("ratelimit-policy")).hasValue("\"per-ip-route\";q=3;w=60");
        }
        assertThat(get("public", "/one").statusCode()).isEqualTo(429);
        // the other route is another bucket; with a tenant header both limits apply and the tighter is shown first
        HttpResponse<String> both = get("public", "/two", "x-tenant", "initech");
        assertThat(both.statusCode()).isEqualTo(200);
        assertThat(both.headers().firstValue("x-ratelimit-limit")).hasValue("2");
        assertThat(both.headers().firstValue("ratelimit-policy")).hasValue("\"per-header\";q=2;w=60, \"per-ip-route\";q=3;w=60");
        assertThat(both.headers().firstValue("ratelimit")).hasValueSatisfying(v -> assertThat(v).startsWith("\"per-header\";r=1;t="));
        // a route that disables the filter is not counted at all
        assertThat(get("public", "/unlimited").headers().firstValue("x-ratelimit-limit")).isEmpty();
    }

    @Test
    void aJwtClaimKeysTheBucket() {
        var config = gw.gateway().current().config();
        String alice = LabTokens.mint(config, null, null, "alice", List.of(), Duration.ofMinutes(5), Clock.systemUTC());
        String bob = LabTokens.mint(config, null, null, "bob", List.of(), Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(get("tokens", "/x", "authorization", "Bearer " + alice).statusCode()).isEqualTo(200);
        assertThat(get("tokens", "/x", "authorization", "Bearer " + alice).statusCode()).isEqualTo(200);
        HttpResponse<String> third = get("tokens", "/x", "authorization", "Bearer " + alice);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(third.headers().firstValue("retry-after").orElseThrow())).isBetween(1790L, 1800L); // 2/hour
        assertThat(get("tokens", "/x", "authorization", "Bearer " + bob).statusCode()).isEqualTo(200);
    }

    @Test
    void aTierIsOneBucketSharedByItsConsumersAndUnlistedTiersAreNotCounted() {
        assertThat(get("keyed", "/x", "x-api-key", "alice-key").statusCode()).isEqualTo(200);
        assertThat(get("keyed", "/x", "x-api-key", "bob-key").statusCode()).isEqualTo(200);
        HttpResponse<String> third = get("keyed", "/x", "x-api-key", "alice-key");
        assertThat(third.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(get("keyed", "/x", "x-api-key", "bob-key").statusCode()).isEqualTo(429);
        // carol's tier has no rate in per-tier: only the per-key limit counts her
        HttpResponse<String> carol = get("keyed", "/x", "x-api-key", "carol-key");
        assertThat(carol.statusCode()).isEqualTo(200);
        assertThat(carol.headers().firstValue("ratelimit-policy")).hasValue("\"per-key\";q=100;w=60");
        // the API key never shows in bucket ids, only its digest
        String top = gw.admin("GET", "/ratelimit/buckets?top=100", null, false).body();
        assertThat(top).contains("by-tier/per-tier/gold").contains("by-tier/per-key/sha256:").doesNotContain("carol-key");
    }

    @Test
    void aReloadThatKeepsTheFilterKeepsTheBucketLevels() {
        for (int i = 0; i < 2; i++) {
            get("tenants", "/two", "x-tenant", "reloaded");
        }
        assertThat(gw.admin("PUT", "/config", CONFIG + "# reapplied\n", true).statusCode()).isEqualTo(200);
        assertThat(get("tenants", "/two", "x-tenant", "reloaded").statusCode()).isEqualTo(429);
    }
}
