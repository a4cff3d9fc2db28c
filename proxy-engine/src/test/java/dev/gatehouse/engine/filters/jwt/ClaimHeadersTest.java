package dev.gatehouse.engine.filters.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimHeadersTest {

    private static VerifiedJwt jwt(Map<String, Object> claims) {
        return new VerifiedJwt("idp", "user123", Tokens.ISSUER, List.of(), Set.of(), "k1", JwsAlgorithm.RS256,
                Instant.EPOCH, claims);
    }

    @Test
    void setsConfiguredClaimsAndDropsWhatTheClientSent() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "user123");
        claims.put("scope", "a b");
        claims.put("roles", List.of("admin", "ops"));
        claims.put("tenant", Map.of("id", 7));
        claims.put("email_verified", true);
        claims.put("exp", 1767225600L);
        HttpHeaders h = new DefaultHttpHeaders()
                .add("x-user", "forged")
                .add("x-user", "forged again")
                .add("x-missing", "forged")
                .add("x-keep", "1");
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("sub", "x-user");
        mapping.put("scope", "x-scope");
        mapping.put("roles", "x-roles");
        mapping.put("tenant", "x-tenant");
        mapping.put("email_verified", "x-email-verified");
        mapping.put("exp", "x-exp");
        mapping.put("nickname", "x-missing");

        ClaimHeaders.forward(jwt(claims), mapping, h);

        assertThat(h.getAll("x-user")).containsExactly("user123");
        assertThat(h.get("x-scope")).isEqualTo("a b");
        assertThat(h.get("x-roles")).isEqualTo("admin,ops");
        assertThat(h.get("x-tenant")).isEqualTo("{\"id\":7}");
        assertThat(h.get("x-email-verified")).isEqualTo("true");
        assertThat(h.get("x-exp")).isEqualTo("1767225600");
        assertThat(h.contains("x-missing")).as("absent claim: the forged header is gone, nothing replaces it").isFalse();
        assertThat(h.get("x-keep")).isEqualTo("1");
    }

    @Test
    void scpArraysJoinWithSpaces() {
        HttpHeaders h = new DefaultHttpHeaders();

        ClaimHeaders.forward(jwt(Map.of("scp", List.of("a", "b"))), Map.of("scp", "x-scp"), h);

        assertThat(h.get("x-scp")).isEqualTo("a b");
    }

    @Test
    void valuesThatCannotBeSentSafelyAreLeftOut() {
        HttpHeaders h = new DefaultHttpHeaders().add("x-name", "forged");

        ClaimHeaders.forward(jwt(Map.of("name", "Zo\u00eb", "bio", "a\r\nx-admin: true", "blob", "x".repeat(5000))),
                Map.of("name", "x-name", "bio", "x-bio", "blob", "x-blob"), h);

        assertThat(h.isEmpty()).isTrue();
    }

    @Test
    void clearRemovesWithoutSetting() {
        HttpHeaders h = new DefaultHttpHeaders().add("x-user", "forged").add("x-keep", "1");

        ClaimHeaders.clear(Map.of("sub", "x-user"), h);

        assertThat(h.names()).containsExactly("x-keep");
    }
}
