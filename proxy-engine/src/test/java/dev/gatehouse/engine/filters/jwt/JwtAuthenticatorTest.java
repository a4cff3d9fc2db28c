package dev.gatehouse.engine.filters.jwt;

import static dev.gatehouse.engine.filters.jwt.Fixtures.SECRET;
import static dev.gatehouse.engine.filters.jwt.Fixtures.TRUSTED_JWKS;
import static dev.gatehouse.engine.filters.jwt.Fixtures.immediate;
import static dev.gatehouse.engine.filters.jwt.Fixtures.rejection;
import static dev.gatehouse.engine.filters.jwt.Fixtures.verified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorTest {
    private static final String PARTNER_ISSUER = "https://partner.test";

    private final MutableClock clock = new MutableClock();
    private final JwtProvider corporate = JwtProvider.of("corporate", Tokens.ISSUER, TRUSTED_JWKS, JwsAlgorithm.RS256)
            .withForwardClaims(Map.of("sub", "x-user-id", "scope", "x-scopes"))
            .withStripToken(true);
    private final JwtProvider partner = JwtProvider.of("partner", PARTNER_ISSUER, SECRET, JwsAlgorithm.HS256);
    private final JwtProvider mobile = JwtProvider.of("mobile", Tokens.ISSUER, TRUSTED_JWKS, JwsAlgorithm.ES256)
            .withTokenLocation(new TokenLocation.QueryParameter("access_token"))
            .withStripToken(true);
    private final JwtAuthenticator authenticator = new JwtAuthenticator(List.of(
            JwtVerifier.builder(corporate).clock(clock).build(),
            JwtVerifier.builder(partner).clock(clock).build(),
            JwtVerifier.builder(mobile).clock(clock).build()), "shop");

    private final JwtRequirement corporateOnly = JwtRequirement.of("corporate");

    private String corporateToken(JWTClaimsSet claims) {
        return Tokens.sign(TestKeys.signer(TestKeys.RSA), JWSAlgorithm.RS256, "rsa-1", claims);
    }

    private JWTClaimsSet.Builder claims() {
        return Tokens.claims(clock.now());
    }

    private static HttpHeaders bearer(String token) {
        return new DefaultHttpHeaders().add("authorization", "Bearer " + token);
    }

    private JwtOutcome authenticate(HttpHeaders headers, String query, JwtRequirement requirement) {
        return immediate(authenticator.authenticate(headers, query, requirement));
    }

    @Test
    void noTokenGetsAChallengeWithoutAnErrorCode() {
        JwtRejection r = rejection(authenticate(new DefaultHttpHeaders(), null, corporateOnly));

        assertThat(r.failure()).isEqualTo(JwtFailure.MISSING_TOKEN);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.wwwAuthenticate()).isEqualTo("Bearer realm=\"shop\"");
    }

    @Test
    void twoTokensAreABadRequest() {
        HttpHeaders h = bearer("a.b.c").add("authorization", "Bearer d.e.f");

        JwtRejection r = rejection(authenticate(h, null, corporateOnly));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.wwwAuthenticate()).isEqualTo("Bearer realm=\"shop\", error=\"invalid_request\","
                + " error_description=\"more than one token in the request\"");
    }

    @Test
    void validTokenProceeds() {
        VerifiedJwt jwt = verified(authenticate(bearer(corporateToken(claims().build())), null, corporateOnly));

        assertThat(jwt.provider()).isEqualTo("corporate");
    }

    @Test
    void invalidTokenIsChallengedInTheAuthenticatorsRealm() {
        JwtRejection r = rejection(authenticate(bearer("x.y.z"), null, corporateOnly));

        assertThat(r.wwwAuthenticate()).isEqualTo("Bearer realm=\"shop\", error=\"invalid_token\","
                + " error_description=\"malformed token\"");
    }

    @Test
    void missingScopeIsForbiddenAndNamesTheScopesNeeded() {
        String token = corporateToken(claims().claim("scope", "orders:read").build());
        JwtRequirement needsWrite = corporateOnly.withScopes(new LinkedHashSet<>(List.of("orders:read", "orders:write")));

        JwtRejection r = rejection(authenticate(bearer(token), null, needsWrite));

        assertThat(r.failure()).isEqualTo(JwtFailure.INSUFFICIENT_SCOPE);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.wwwAuthenticate()).isEqualTo("Bearer realm=\"shop\", error=\"insufficient_scope\","
                + " error_description=\"insufficient scope\", scope=\"orders:read orders:write\"");
        assertThat(r.detail()).contains("[orders:write]", "'user123'");
    }

    @Test
    void scopesFromAnScpArraySatisfyTheRequirement() {
        String token = corporateToken(claims().claim("scp", List.of("orders:read", "orders:write")).build());

        verified(authenticate(bearer(token), null, corporateOnly.withScopes(Set.of("orders:write"))));
    }

    @Test
    void requiredClaimValues() {
        JwtRequirement admins = corporateOnly.withClaims(Map.of("roles", "admin", "tenant", "acme", "level", "3"));
        String ok = corporateToken(claims().claim("roles", List.of("ops", "admin")).claim("tenant", "acme")
                .claim("level", 3).build());
        String wrongTenant = corporateToken(claims().claim("roles", List.of("admin")).claim("tenant", "other")
                .claim("level", 3).build());
        String noRoles = corporateToken(claims().claim("tenant", "acme").claim("level", 3).build());

        verified(authenticate(bearer(ok), null, admins));
        for (String token : List.of(wrongTenant, noRoles)) {
            JwtRejection r = rejection(authenticate(bearer(token), null, admins));
            assertThat(r.failure()).isEqualTo(JwtFailure.CLAIM_MISMATCH);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.wwwAuthenticate()).contains("error=\"insufficient_scope\"");
        }
    }

    @Test
    void withSeveralProvidersTheIssuerPicksWhoVerifies() {
        JwtRequirement either = new JwtRequirement(List.of("corporate", "partner"), Set.of(), Map.of());
        String partnerToken = Tokens.sign(JwtVerifierTest.macSigner(TestKeys.HMAC_SECRET), JWSAlgorithm.HS256, null,
                claims().issuer(PARTNER_ISSUER).build());

        assertThat(verified(authenticate(bearer(partnerToken), null, either)).provider()).isEqualTo("partner");
        assertThat(verified(authenticate(bearer(corporateToken(claims().build())), null, either)).provider())
                .isEqualTo("corporate");
    }

    @Test
    void claimingAnotherIssuerDoesNotBorrowItsAlgorithms() {
        // HS256 "signed" with the corporate RSA public key, claiming either issuer: both verifiers refuse it.
        JwtRequirement either = new JwtRequirement(List.of("corporate", "partner"), Set.of(), Map.of());
        byte[] pem = TestKeys.publicPem(rsaPublicKey()).getBytes(StandardCharsets.UTF_8);

        String asCorporate = Tokens.sign(JwtVerifierTest.macSigner(pem), JWSAlgorithm.HS256, "rsa-1", claims().build());
        String asPartner = Tokens.sign(JwtVerifierTest.macSigner(pem), JWSAlgorithm.HS256, "rsa-1",
                claims().issuer(PARTNER_ISSUER).build());

        assertThat(rejection(authenticate(bearer(asCorporate), null, either)).failure())
                .isEqualTo(JwtFailure.ALGORITHM_NOT_ALLOWED);
        assertThat(rejection(authenticate(bearer(asPartner), null, either)).failure())
                .isEqualTo(JwtFailure.BAD_SIGNATURE);
    }

    @Test
    void eachProviderLooksWhereItIsConfiguredTo() {
        String mobileToken = Tokens.sign(TestKeys.signer(TestKeys.EC_P256), JWSAlgorithm.ES256, "ec-256",
                claims().build());
        JwtRequirement either = new JwtRequirement(List.of("corporate", "mobile"), Set.of(), Map.of());

        VerifiedJwt jwt = verified(authenticate(new DefaultHttpHeaders(), "page=2&access_token=" + mobileToken, either));

        assertThat(jwt.provider()).isEqualTo("mobile");
        assertThat(rejection(authenticate(bearer(mobileToken), null, JwtRequirement.of("mobile"))).failure())
                .isEqualTo(JwtFailure.MISSING_TOKEN);
    }

    @Test
    void forwardSetsClaimHeadersAndStripsTheToken() {
        String token = corporateToken(claims().claim("scope", "orders:read").build());
        HttpHeaders h = bearer(token).add("x-user-id", "admin").add("accept", "*/*");
        VerifiedJwt jwt = verified(authenticate(h, "a=1", corporateOnly));

        String query = authenticator.forward(jwt, h, "a=1");

        assertThat(query).isEqualTo("a=1");
        assertThat(h.contains("authorization")).isFalse();
        assertThat(h.getAll("x-user-id")).containsExactly("user123");
        assertThat(h.get("x-scopes")).isEqualTo("orders:read");
        assertThat(h.get("accept")).isEqualTo("*/*");
    }

    @Test
    void forwardStripsAQueryToken() {
        String token = Tokens.sign(TestKeys.signer(TestKeys.EC_P256), JWSAlgorithm.ES256, "ec-256", claims().build());
        String query = "page=2&access_token=" + token;
        VerifiedJwt jwt = verified(authenticate(new DefaultHttpHeaders(), query, JwtRequirement.of("mobile")));

        assertThat(authenticator.forward(jwt, new DefaultHttpHeaders(), query)).isEqualTo("page=2");
    }

    @Test
    void requirementsNamingUnknownProvidersAreCaughtAtConfigTime() {
        assertThatThrownBy(() -> authenticator.validate(JwtRequirement.of("corprate")))
                .hasMessageContaining("unknown JWT provider 'corprate'");
        assertThatThrownBy(() -> new JwtAuthenticator(List.of(JwtVerifier.builder(corporate).build(),
                JwtVerifier.builder(corporate).build()), "shop")).hasMessageContaining("two JWT providers");
    }

    private static RSAPublicKey rsaPublicKey() {
        try {
            return TestKeys.RSA.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
