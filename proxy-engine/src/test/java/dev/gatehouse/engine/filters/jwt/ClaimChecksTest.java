package dev.gatehouse.engine.filters.jwt;

import static dev.gatehouse.engine.filters.jwt.Fixtures.TRUSTED_JWKS;
import static dev.gatehouse.engine.filters.jwt.Fixtures.immediate;
import static dev.gatehouse.engine.filters.jwt.Fixtures.provider;
import static dev.gatehouse.engine.filters.jwt.Fixtures.rejection;
import static dev.gatehouse.engine.filters.jwt.Fixtures.verified;
import static dev.gatehouse.engine.filters.jwt.Fixtures.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Issuer, audience and validity period, all on properly signed tokens, against a test clock. */
class ClaimChecksTest {
    private final MutableClock clock = new MutableClock();
    private final JwtProvider provider = provider(TRUSTED_JWKS, JwsAlgorithm.RS256)
            .withAudiences(Set.of(Tokens.AUDIENCE, "billing-api"));
    private final JwtVerifier verifier = verifier(provider, clock);

    private JwtOutcome verify(JWTClaimsSet claims) {
        return immediate(verifier.verify(Tokens.sign(TestKeys.signer(TestKeys.RSA), JWSAlgorithm.RS256, "rsa-1", claims)));
    }

    private JWTClaimsSet.Builder claims() {
        return Tokens.claims(clock.now());
    }

    private Instant now() {
        return clock.now();
    }

    @Nested
    class Issuer {
        @Test
        void mustMatchExactly() {
            for (String iss : List.of("https://evil.test", Tokens.ISSUER + "/", "HTTPS://ISSUER.TEST")) {
                JwtRejection r = rejection(verify(claims().issuer(iss).build()));

                assertThat(r.failure()).isEqualTo(JwtFailure.WRONG_ISSUER);
                assertThat(r.description()).isEqualTo("issuer not accepted");
            }
        }

        @Test
        void mustBePresent() {
            assertThat(rejection(verify(claims().issuer(null).build())).failure()).isEqualTo(JwtFailure.WRONG_ISSUER);
        }
    }

    @Nested
    class Audience {
        @Test
        void oneOfTheConfiguredAudiencesSuffices() {
            verified(verify(claims().audience(List.of("someone-else", "billing-api")).build()));
        }

        @Test
        void noneOfThem() {
            JwtRejection r = rejection(verify(claims().audience("someone-else").build()));

            assertThat(r.failure()).isEqualTo(JwtFailure.WRONG_AUDIENCE);
            assertThat(r.detail()).contains("someone-else");
        }

        @Test
        void missingWhenRequired() {
            assertThat(rejection(verify(claims().audience((String) null).build())).failure())
                    .isEqualTo(JwtFailure.WRONG_AUDIENCE);
        }

        @Test
        void notCheckedWhenTheProviderListsNone() {
            JwtVerifier anyAudience = verifier(provider.withAudiences(Set.of()), clock);
            String token = Tokens.sign(TestKeys.signer(TestKeys.RSA), JWSAlgorithm.RS256, "rsa-1",
                    claims().audience("whatever").build());

            verified(immediate(anyAudience.verify(token)));
        }
    }

    @Nested
    class ValidityPeriod {
        @Test
        void expiredBeyondTheSkew() {
            JWTClaimsSet c = claims().expirationTime(Date.from(now().minus(Duration.ofSeconds(61)))).build();

            JwtRejection r = rejection(verify(c));

            assertThat(r.failure()).isEqualTo(JwtFailure.EXPIRED);
            assertThat(r.wwwAuthenticate()).contains("error_description=\"token expired\"");
        }

        @Test
        void expiredWithinTheSkewIsAccepted() {
            verified(verify(claims().expirationTime(Date.from(now().minus(Duration.ofSeconds(59)))).build()));
        }

        @Test
        void expiryExactlyAtNowMinusSkewIsExpired() {
            JWTClaimsSet c = claims().expirationTime(Date.from(now().minus(Duration.ofSeconds(60)))).build();

            assertThat(rejection(verify(c)).failure()).isEqualTo(JwtFailure.EXPIRED);
        }

        @Test
        void aTokenExpiresAsTheClockMoves() {
            String token = Tokens.sign(TestKeys.signer(TestKeys.RSA), JWSAlgorithm.RS256, "rsa-1", claims().build());
            verified(immediate(verifier.verify(token)));

            clock.advance(Duration.ofMinutes(5).plusSeconds(60));

            assertThat(rejection(immediate(verifier.verify(token))).failure()).isEqualTo(JwtFailure.EXPIRED);
        }

        @Test
        void zeroSkewMeansNoLeeway() {
            JwtVerifier strict = verifier(provider.withClockSkew(Duration.ZERO), clock);
            String token = Tokens.sign(TestKeys.signer(TestKeys.RSA), JWSAlgorithm.RS256, "rsa-1",
                    claims().expirationTime(Date.from(now().minusSeconds(1))).build());

            assertThat(rejection(immediate(strict.verify(token))).failure()).isEqualTo(JwtFailure.EXPIRED);
        }

        @Test
        void withoutExpiry() {
            assertThat(rejection(verify(claims().expirationTime(null).build())).failure())
                    .isEqualTo(JwtFailure.NO_EXPIRY);
        }

        @Test
        void notYetValidBeyondTheSkew() {
            JWTClaimsSet c = claims().notBeforeTime(Date.from(now().plus(Duration.ofSeconds(61)))).build();

            assertThat(rejection(verify(c)).failure()).isEqualTo(JwtFailure.NOT_YET_VALID);
        }

        @Test
        void notBeforeWithinTheSkewIsAccepted() {
            verified(verify(claims().notBeforeTime(Date.from(now().plus(Duration.ofSeconds(59)))).build()));
        }

        @Test
        void issuedInTheFutureBeyondTheSkew() {
            JWTClaimsSet c = claims().issueTime(Date.from(now().plus(Duration.ofMinutes(2)))).build();

            assertThat(rejection(verify(c)).failure()).isEqualTo(JwtFailure.ISSUED_IN_FUTURE);
        }

        @Test
        void issuedSlightlyAheadIsAccepted() {
            verified(verify(claims().issueTime(Date.from(now().plus(Duration.ofSeconds(30)))).build()));
        }

        @Test
        void aLargerSkewWidensEveryBound() {
            JwtVerifier lenient = verifier(provider.withClockSkew(Duration.ofMinutes(5)), clock);
            String token = Tokens.sign(TestKeys.signer(TestKeys.RSA), JWSAlgorithm.RS256, "rsa-1", claims()
                    .expirationTime(Date.from(now().minus(Duration.ofMinutes(4))))
                    .notBeforeTime(Date.from(now().plus(Duration.ofMinutes(4))))
                    .issueTime(Date.from(now().plus(Duration.ofMinutes(4))))
                    .build());

            verified(immediate(lenient.verify(token)));
        }
    }

    @Test
    void claimsOfTheWrongTypeAreMalformed() throws JOSEException {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
                new Payload("{\"iss\":\"" + Tokens.ISSUER + "\",\"exp\":\"tomorrow\"}"));
        jws.sign(TestKeys.signer(TestKeys.RSA));

        assertThat(rejection(immediate(verifier.verify(jws.serialize()))).failure())
                .isEqualTo(JwtFailure.MALFORMED_CLAIMS);
    }

    @Test
    void aPayloadThatIsNotJsonIsMalformed() throws JOSEException {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
                new Payload("hello"));
        jws.sign(TestKeys.signer(TestKeys.RSA));

        assertThat(rejection(immediate(verifier.verify(jws.serialize()))).failure())
                .isEqualTo(JwtFailure.MALFORMED_CLAIMS);
    }
}
