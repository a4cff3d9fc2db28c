package dev.gatehouse.engine.filters.jwt;

import static dev.gatehouse.engine.filters.jwt.Fixtures.SECRET;
import static dev.gatehouse.engine.filters.jwt.Fixtures.TRUSTED_JWKS;
import static dev.gatehouse.engine.filters.jwt.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The config records refuse what could never work, when the config is loaded rather than per request. */
class ProviderConfigTest {

    @Test
    void defaults() {
        JwtProvider p = provider(TRUSTED_JWKS, JwsAlgorithm.RS256);

        assertThat(p.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.tokenLocation()).isEqualTo(TokenLocation.BEARER);
        assertThat(p.audiences()).isEmpty();
        assertThat(p.forwardClaims()).isEmpty();
        assertThat(p.stripToken()).isFalse();
    }

    @Test
    void providerHoldsPublicKeysOrASecretNeverBoth() {
        assertThatThrownBy(() -> provider(SECRET, JwsAlgorithm.HS256, JwsAlgorithm.RS256))
                .hasMessageContaining("RS256 needs public keys");
        assertThatThrownBy(() -> provider(TRUSTED_JWKS, JwsAlgorithm.HS512))
                .hasMessageContaining("HS512 needs a shared secret");
    }

    @Test
    void hmacSecretsMustBeAsLongAsTheHash() {
        KeySource.SharedSecret short48 = new KeySource.SharedSecret(new byte[48]);

        assertThat(provider(short48, JwsAlgorithm.HS256, JwsAlgorithm.HS384).algorithms()).hasSize(2);
        assertThatThrownBy(() -> provider(short48, JwsAlgorithm.HS512))
                .hasMessageContaining("HS512 needs a secret of at least 64 bytes, got 48");
        assertThatThrownBy(() -> provider(KeySource.SharedSecret.ofUtf8("secret"), JwsAlgorithm.HS256))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void atLeastOneAlgorithm() {
        assertThatThrownBy(() -> provider(TRUSTED_JWKS)).hasMessageContaining("at least one algorithm");
    }

    @Test
    void algorithmNamesAreTheJoseOnes() {
        assertThat(JwsAlgorithm.fromJoseName("EdDSA")).isEqualTo(JwsAlgorithm.EDDSA);
        assertThatThrownBy(() -> JwsAlgorithm.fromJoseName("none"))
                .hasMessageContaining("unknown JWS algorithm 'none'").hasMessageContaining("RS256, RS384");
        assertThatThrownBy(() -> JwsAlgorithm.fromJoseName("rs256")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretsNeverPrint() {
        KeySource.SharedSecret secret = KeySource.SharedSecret.ofUtf8("correct horse battery staple, 32+ bytes");
        JwtProvider p = provider(secret, JwsAlgorithm.HS256);

        assertThat(p.toString()).doesNotContain("horse").contains("SharedSecret[39 bytes]");
        assertThat(secret.describe()).isEqualTo("shared secret (39 bytes)");
        assertThat(secret).isEqualTo(KeySource.SharedSecret.ofUtf8("correct horse battery staple, 32+ bytes"));
    }

    @Test
    void secretFromBase64OrBase64Url() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0x01};
        assertThat(KeySource.SharedSecret.ofBase64("+/8B").secret()).isEqualTo(bytes);
        assertThat(KeySource.SharedSecret.ofBase64("-_8B").secret()).isEqualTo(bytes);
    }

    @Test
    void claimHeadersAreValidatedAndLowercased() {
        JwtProvider p = provider(TRUSTED_JWKS, JwsAlgorithm.RS256).withForwardClaims(Map.of("sub", "X-User-Id"));

        assertThat(p.forwardClaims()).containsEntry("sub", "x-user-id");
        assertThatThrownBy(() -> p.withForwardClaims(Map.of("sub", "x user")))
                .hasMessageContaining("invalid forwarded claim header name 'x user'");
        assertThatThrownBy(() -> p.withForwardClaims(Map.of("sub", "Host")))
                .hasMessageContaining("frames or routes the request");
    }

    @Test
    void remoteJwksMustBeHttpsUnlessLoopback() {
        assertThat(KeySource.RemoteJwks.of(URI.create("https://idp.example/jwks")).fetchTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        for (String ok : List.of("http://127.0.0.1:8080/jwks", "http://localhost/jwks", "http://[::1]:9/jwks")) {
            KeySource.RemoteJwks.of(URI.create(ok));
        }
        assertThatThrownBy(() -> KeySource.RemoteJwks.of(URI.create("http://idp.example/jwks")))
                .hasMessageContaining("must use https");
        assertThatThrownBy(() -> KeySource.RemoteJwks.of(URI.create("file:///etc/jwks.json")))
                .hasMessageContaining("absolute http(s) URL");
    }

    @Test
    void remoteJwksDurationsMustMakeSense() {
        URI uri = URI.create("https://idp.example/jwks");
        assertThatThrownBy(() -> new KeySource.RemoteJwks(uri, Duration.ofMinutes(1), Duration.ofMinutes(2),
                Duration.ofSeconds(1), Duration.ZERO)).hasMessageContaining("must not be longer than cacheDuration");
        assertThatThrownBy(() -> new KeySource.RemoteJwks(uri, Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ZERO, Duration.ZERO)).hasMessageContaining("fetchTimeout must be positive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a\"b", "caf\u00e9"})
    void scopesMustBeScopeTokens(String scope) {
        assertThatThrownBy(() -> JwtRequirement.of("idp").withScopes(Set.of(scope)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requirementNamesEachProviderOnce() {
        assertThatThrownBy(() -> new JwtRequirement(List.of(), Set.of(), Map.of()))
                .hasMessageContaining("at least one provider");
        assertThatThrownBy(() -> new JwtRequirement(List.of("a", "a"), Set.of(), Map.of()))
                .hasMessageContaining("twice");
    }

    @Test
    void tokenLocationsValidateTheirNames() {
        assertThat(new TokenLocation.Header("X-Token", "").name()).isEqualTo("x-token");
        assertThatThrownBy(() -> new TokenLocation.Header("x token", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenLocation.Cookie("a=b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenLocation.QueryParameter("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void realmMustBeQuotable() {
        assertThatThrownBy(() -> JwtVerifier.builder(provider(TRUSTED_JWKS, JwsAlgorithm.RS256)).realm("a\"b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
