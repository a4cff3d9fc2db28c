package dev.gatehouse.engine.filters.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.testing.Traces;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The jwt_authn filter end to end: tokens minted here, checked by the gateway, claims forwarded. */
class JwtAuthnFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "a-lab-secret-that-is-long-enough-for-hs256!";
    private static final JwtProvider PROVIDER = JwtProvider.of("lab", "https://gatehouse.dev/lab",
            KeySource.SharedSecret.ofUtf8(SECRET), JwsAlgorithm.HS256).withAudiences(java.util.Set.of("lab-api"));
    private static TestGateway gw;
    private static DevTokenMinter minter;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                filters:
                  - name: jwt
                    type: jwt_authn
                    config:
                      providers:
                        - name: lab
                          issuer: https://gatehouse.dev/lab
                          audiences: [lab-api]
                          algorithms: [HS256]
                          secret: "%s"
                          forward_claims: {sub: x-user}
                          strip_token: true
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [jwt]}
                routes:
                  - name: admin
                    match: {prefix: /secure-api/admin}
                    cluster: echo
                    filter_overrides:
                      jwt:
                        config:
                          providers:
                            - {name: lab, issuer: "https://gatehouse.dev/lab", audiences: [lab-api], algorithms: [HS256], secret: "%s"}
                          require: {scopes: [admin]}
                  - name: open
                    match: {prefix: /open}
                    cluster: echo
                    filter_overrides:
                      jwt: {disabled: true}
                  - {name: secure, match: {prefix: /secure-api}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """.formatted(SECRET, SECRET));
        minter = DevTokenMinter.forProvider(PROVIDER, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void noTokenIs401WithABearerChallenge() {
        var response = gw.get("/secure-api/orders");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate").orElseThrow()).startsWith("Bearer realm=");
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
    }

    @Test
    void aBadTokenIs401InvalidToken() {
        String forged = minter.mint("user123", List.of(), Duration.ofMinutes(5), Map.of()) + "x";
        var response = gw.get("/secure-api/orders", "authorization", "Bearer " + forged);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void aValidTokenPassesWithItsSubjectForwardedAndTheTokenStripped() throws Exception {
        var reader = gw.gateway().tap().reader();
        String token = minter.mint("user123", List.of("orders.read"), Duration.ofMinutes(5), Map.of());
        var response = gw.get("/secure-api/orders", "authorization", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode headers = JSON.readTree(response.body()).get("headers");
        assertThat(headers.get("x-user").asText()).isEqualTo("user123");
        assertThat(headers.has("authorization")).isFalse();
        var trace = Traces.await(reader, response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(trace.consumer()).isEqualTo("user123");
        assertThat(trace.filterSpans().get(0).notes()).contains("jwt");
    }

    @Test
    void aMissingScopeIs403AndARouteCanGoWithoutTheFilter() {
        String token = minter.mint("user123", List.of("orders.read"), Duration.ofMinutes(5), Map.of());
        var response = gw.get("/secure-api/admin", "authorization", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("www-authenticate").orElseThrow()).contains("insufficient_scope");
        String admin = minter.mint("root", List.of("admin"), Duration.ofMinutes(5), Map.of());
        assertThat(gw.get("/secure-api/admin", "authorization", "Bearer " + admin).statusCode()).isEqualTo(200);
        assertThat(gw.get("/open/x").statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredTokenIs401() {
        String expired = DevTokenMinter.forProvider(PROVIDER, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))
                .mint("user123", List.of(), Duration.ofMinutes(5), Map.of());
        assertThat(gw.get("/secure-api/orders", "authorization", "Bearer " + expired).statusCode()).isEqualTo(401);
    }
}
