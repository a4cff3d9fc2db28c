package dev.gatehouse.engine.filters.jwt;

import static dev.gatehouse.engine.filters.jwt.Fixtures.SECRET;
import static dev.gatehouse.engine.filters.jwt.Fixtures.TRUSTED_JWKS;
import static dev.gatehouse.engine.filters.jwt.Fixtures.immediate;
import static dev.gatehouse.engine.filters.jwt.Fixtures.provider;
import static dev.gatehouse.engine.filters.jwt.Fixtures.rejection;
import static dev.gatehouse.engine.filters.jwt.Fixtures.verified;
import static dev.gatehouse.engine.filters.jwt.Fixtures.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JwtVerifierTest {
    private final MutableClock clock = new MutableClock();

    private JWTClaimsSet claims() {
        return Tokens.claims(clock.now()).claim("scope", "orders:read orders:write").build();
    }

    @Nested
    class Accepts {
        @ParameterizedTest(name = "{0}")
        @EnumSource(JwsAlgorithm.class)
        void everyAlgorithmWithAKeyOfItsFamily(JwsAlgorithm alg) {
            JWK key = keyFor(alg);
            JWSSigner signer = key == null ? macSigner(TestKeys.HMAC_SECRET) : TestKeys.signer(key);
            String kid = key == null ? null : key.getKeyID();
            JwtVerifier verifier = verifier(provider(alg.isSymmetric() ? SECRET : TRUSTED_JWKS, alg), clock);

            VerifiedJwt jwt = verified(immediate(verifier.verify(Tokens.sign(signer, alg.nimbus(), kid, claims()))));

            assertThat(jwt.algorithm()).isEqualTo(alg);
            assertThat(jwt.keyId()).isEqualTo(kid);
            assertThat(jwt.subject()).isEqualTo("user123");
            assertThat(jwt.issuer()).isEqualTo(Tokens.ISSUER);
            assertThat(jwt.audiences()).containsExactly(Tokens.AUDIENCE);
            assertThat(jwt.scopes()).containsExactly("orders:read", "orders:write");
            assertThat(jwt.expiresAt()).isEqualTo(clock.now().plus(Duration.ofMinutes(5)));
            assertThat(jwt.provider()).isEqualTo("idp");
            assertThat(jwt.isVerified()).isTrue();
        }

        @Test
        void scopesFromScopeAndScpAreJoined() {
            JWTClaimsSet claims = Tokens.claims(clock.now()).claim("scope", "a b").claim("scp", List.of("b", "c"))
                    .build();
            String token = Tokens.sign(TestKeys.signer(TestKeys.RSA), JWSAlgorithm.RS256, "rsa-1", claims);

            VerifiedJwt jwt = verified(immediate(verifier(provider(TRUSTED_JWKS, JwsAlgorithm.RS256), clock)
                    .verify(token)));

            assertThat(jwt.scopes()).containsExactly("a", "b", "c");
        }

        @Test
        void tokenWithoutKidIsTriedAgainstEveryKeyOfItsFamily() {
            String token = Tokens.sign(TestKeys.signer(TestKeys.EC_P384), JWSAlgorithm.ES384, null, claims());

            VerifiedJwt jwt = verified(immediate(verifier(provider(TRUSTED_JWKS, JwsAlgorithm.ES384), clock)
                    .verify(token)));

            assertThat(jwt.keyId()).isNull();
        }

        @Test
        void traceAnnotationNamesSubjectKidAndAlgorithm() {
            String token = Tokens.sign(TestKeys.signer(TestKeys.RSA), JWSAlgorithm.RS256, "rsa-1", claims());

            JwtOutcome outcome = immediate(verifier(provider(TRUSTED_JWKS, JwsAlgorithm.RS256), clock).verify(token));

            assertThat(outcome).hasToString("jwt: provider=idp, sub=user123, kid=rsa-1, alg=RS256");
        }
    }

    @Nested
    class Signatures {
        private final JwtVerifier rsa = verifier(provider(TRUSTED_JWKS, JwsAlgorithm.RS256, JwsAlgorithm.ES256,
                JwsAlgorithm.EDDSA), clock);

        @Test
        void signedByAnotherKeyClaimingATrustedKid() {
            String token = Tokens.sign(TestKeys.signer(TestKeys.RSA_ATTACKER), JWSAlgorithm.RS256, "rsa-1", claims());

            JwtRejection r = rejection(immediate(rsa.verify(token)));

            assertThat(r.failure()).isEqualTo(JwtFailure.BAD_SIGNATURE);
            assertThat(r.detail()).contains("'rsa-1'");
        }

        @Test
        void payloadSwappedUnderAValidSignature() {
            String good = Tokens.sign(TestKeys.signer(TestKeys.RSA), JWSAlgorithm.RS256, "rsa-1", claims());
            String[] parts = good.split("\\.");
            String forged = parts[0] + "." + Tokens.b64("{\"iss\":\"" + Tokens.ISSUER
                    + "\",\"sub\":\"admin\",\"exp\":4102444800}") + "." + parts[2];

            assertThat(rejection(immediate(rsa.verify(forged))).failure()).isEqualTo(JwtFailure.BAD_SIGNATURE);
        }

        @Test
        void truncatedEcSignature() {
            String good = Tokens.sign(TestKeys.signer(TestKeys.EC_P256), JWSAlgorithm.ES256, "ec-256", claims());
            String truncated = good.substring(0, good.length() - 8);

            assertThat(rejection(immediate(rsa.verify(truncated))).failure()).isEqualTo(JwtFailure.BAD_SIGNATURE);
        }

        @Test
        void ed25519SignatureFromAnotherKey() {
            String token = Tokens.sign(TestKeys.signer(TestKeys.ED25519_OTHER), JWSAlgorithm.EdDSA, "ed-1", claims());

            assertThat(rejection(immediate(rsa.verify(token))).failure()).isEqualTo(JwtFailure.BAD_SIGNATURE);
        }

        @Test
        void hmacWithAnotherSecret() {
            JwtVerifier hmac = verifier(provider(SECRET, JwsAlgorithm.HS256), clock);
            String token = Tokens.sign(macSigner(TestKeys.random(32)), JWSAlgorithm.HS256, null, claims());

            assertThat(rejection(immediate(hmac.verify(token))).failure()).isEqualTo(JwtFailure.BAD_SIGNATURE);
        }

        @Test
        void unknownKidWithLocalKeysIsRefusedAtOnce() {
            String token = Tokens.sign(TestKeys.signer(TestKeys.RSA_ROTATED), JWSAlgorithm.RS256, "rsa-2", claims());

            JwtRejection r = rejection(immediate(rsa.verify(token)));

            assertThat(r.failure()).isEqualTo(JwtFailure.UNKNOWN_KEY);
            assertThat(r.detail()).contains("'rsa-2'");
        }

        @Test
        void ecTokenNamingAKeyOnAnotherCurve() {
            // ES384 is allowed, but the kid names the P-256 key: the key must fit the algorithm's curve.
            JwtVerifier es = verifier(provider(TRUSTED_JWKS, JwsAlgorithm.ES256, JwsAlgorithm.ES384), clock);
            String token = Tokens.sign(TestKeys.signer(TestKeys.EC_P384), JWSAlgorithm.ES384, "ec-256", claims());

            assertThat(rejection(immediate(es.verify(token))).failure()).isEqualTo(JwtFailure.UNKNOWN_KEY);
        }

        @Test
        void keyPinnedToOneAlgorithmDoesNotVerifyAnother() {
            RSAKey pinned = new RSAKey.Builder(TestKeys.RSA.toPublicJWK()).keyID("rsa-1")
                    .algorithm(JWSAlgorithm.RS256).build();
            JwtVerifier ps = verifier(provider(new KeySource.InlineJwks(TestKeys.jwks(pinned)),
                    JwsAlgorithm.RS256, JwsAlgorithm.PS256), clock);
            String token = Tokens.sign(TestKeys.signer(TestKeys.RSA), JwsAlgorithm.PS256.nimbus(), "rsa-1", claims());

            assertThat(rejection(immediate(ps.verify(token))).failure()).isEqualTo(JwtFailure.UNKNOWN_KEY);
        }
    }

    @Nested
    class AlgorithmConfusion {
        private final String rsaPublicPem = TestKeys.publicPem(rsaPublic());

        @Test
        void hs256SignedWithThePublicKeyPemIsRefusedByAnRsaProvider() {
            JwtVerifier rs = verifier(provider(TRUSTED_JWKS, JwsAlgorithm.RS256), clock);
            String forged = Tokens.sign(macSigner(rsaPublicPem.getBytes(StandardCharsets.UTF_8)),
                    JWSAlgorithm.HS256, "rsa-1", claims());

            assertThat(rejection(immediate(rs.verify(forged))).failure())
                    .isEqualTo(JwtFailure.ALGORITHM_NOT_ALLOWED);
        }

        @Test
        void hs256SignedWithThePublicKeyDerOrJwkIsRefusedToo() {
            JwtVerifier rs = verifier(provider(TRUSTED_JWKS, JwsAlgorithm.RS256, JwsAlgorithm.PS256), clock);
            for (byte[] secret : List.of(rsaPublic().getEncoded(),
                    TestKeys.RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))) {
                String forged = Tokens.sign(macSigner(secret), JWSAlgorithm.HS256, "rsa-1", claims());

                assertThat(rejection(immediate(rs.verify(forged))).failure())
                        .isEqualTo(JwtFailure.ALGORITHM_NOT_ALLOWED);
            }
        }

        @Test
        void aPublicKeyProviderCannotAllowHmacAtAll() {
            assertThatThrownBy(() ->
                            provider(TRUSTED_JWKS, JwsAlgorithm.RS256, JwsAlgorithm.HS256))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("HS256 needs a shared secret");
        }

        @Test
        void evenAJwksOctKeyHoldingThePemIsNeverAnHmacKey() {
            String jwks = "{\"keys\":[" + TestKeys.RSA.toPublicJWK().toJSONString() + ",{\"kty\":\"oct\",\"kid\":\"rsa-1\","
                    + "\"k\":\"" + Tokens.b64(rsaPublicPem) + "\"}]}";
            KeyRing ring = KeyRing.fromJwks(parse(jwks));

            assertThat(ring.size()).isEqualTo(1);
            assertThat(ring.candidates(JwsAlgorithm.HS256, "rsa-1")).isEmpty();
            assertThat(ring.candidates(JwsAlgorithm.RS256, "rsa-1")).hasSize(1);
            assertThat(ring.skipped()).singleElement().asString().contains("symmetric keys are not taken from a JWKS");
        }

        private RSAPublicKey rsaPublic() {
            try {
                return TestKeys.RSA.toRSAPublicKey();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void rejectionsCarryStatusAndChallenge() {
        JwtVerifier verifier = verifier(provider(TRUSTED_JWKS, JwsAlgorithm.RS256), clock);
        String token = Tokens.sign(TestKeys.signer(TestKeys.RSA_ATTACKER), JWSAlgorithm.RS256, "rsa-1", claims());

        JwtRejection r = rejection(immediate(verifier.verify(token)));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.description()).isEqualTo("invalid signature");
        assertThat(r.wwwAuthenticate())
                .isEqualTo("Bearer realm=\"gatehouse\", error=\"invalid_token\", error_description=\"invalid signature\"");
    }

    @Test
    void realmIsConfigurable() {
        JwtVerifier verifier = JwtVerifier.builder(provider(TRUSTED_JWKS, JwsAlgorithm.RS256)).clock(clock)
                .realm("orders").build();

        assertThat(rejection(immediate(verifier.verify("x.y.z"))).wwwAuthenticate()).startsWith("Bearer realm=\"orders\"");
    }

    @Test
    void garbageNeverThrowsAndAlwaysCompletesAtOnce() {
        JwtVerifier verifier = verifier(provider(TRUSTED_JWKS, JwsAlgorithm.RS256, JwsAlgorithm.ES256), clock);
        String good = Tokens.sign(TestKeys.signer(TestKeys.RSA), JWSAlgorithm.RS256, "rsa-1", claims());
        Random random = new Random(42);
        String alphabet = "ABCxyz019-_.=+/ {}\"':,\\\u0000\u00e9";
        for (int i = 0; i < 2000; i++) {
            StringBuilder token = new StringBuilder();
            if (i % 2 == 0) {
                // Mutate a real token: the interesting inputs are near-valid ones.
                token.append(good);
                for (int m = 0; m < 1 + random.nextInt(3); m++) {
                    int at = random.nextInt(token.length());
                    token.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            } else {
                for (int n = random.nextInt(80); n > 0; n--) {
                    token.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            JwtOutcome outcome = immediate(verifier.verify(token.toString()));
            if (outcome instanceof JwtRejection r) {
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.failure()).isNotEqualTo(JwtFailure.UNVERIFIABLE);
            }
        }
    }

    static JWK keyFor(JwsAlgorithm alg) {
        return switch (alg) {
            case RS256, RS384, RS512, PS256, PS384, PS512 -> TestKeys.RSA;
            case ES256 -> TestKeys.EC_P256;
            case ES384 -> TestKeys.EC_P384;
            case ES512 -> TestKeys.EC_P521;
            case EDDSA, ED25519 -> TestKeys.ED25519;
            case HS256, HS384, HS512 -> null;
        };
    }

    static JWSSigner macSigner(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWKSet parse(String json) {
        try {
            return JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
