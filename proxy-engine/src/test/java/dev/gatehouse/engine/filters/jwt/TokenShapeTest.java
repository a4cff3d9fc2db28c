package dev.gatehouse.engine.filters.jwt;

import static dev.gatehouse.engine.filters.jwt.Fixtures.TRUSTED_JWKS;
import static dev.gatehouse.engine.filters.jwt.Fixtures.immediate;
import static dev.gatehouse.engine.filters.jwt.Fixtures.provider;
import static dev.gatehouse.engine.filters.jwt.Fixtures.rejection;
import static dev.gatehouse.engine.filters.jwt.Fixtures.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.util.Base64;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens refused for their shape or header, before any key is looked at. */
class TokenShapeTest {
    private static final String CLAIMS_JSON = "{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"admin\",\"exp\":4102444800}";

    private final MutableClock clock = new MutableClock();
    private final JwtVerifier verifier = verifier(provider(TRUSTED_JWKS, JwsAlgorithm.RS256, JwsAlgorithm.ES256),
            clock);

    private JwtRejection verify(String token) {
        return rejection(immediate(verifier.verify(token)));
    }

    private String signed(JWSHeader header) {
        return Tokens.sign(TestKeys.signer(TestKeys.RSA), header, Tokens.claims(clock.now()).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE"})
    void unsignedTokensInAnySpelling(String alg) {
        String emptySignature = Tokens.raw("{\"alg\":\"" + alg + "\"}", CLAIMS_JSON, new byte[0]);
        String withSignature = Tokens.raw("{\"alg\":\"" + alg + "\",\"kid\":\"rsa-1\"}", CLAIMS_JSON, new byte[] {1, 2});

        assertThat(verify(emptySignature).failure()).isEqualTo(JwtFailure.UNSIGNED);
        assertThat(verify(withSignature).failure()).isEqualTo(JwtFailure.UNSIGNED);
    }

    @Test
    void algorithmsTheProviderDoesNotList() {
        String rs384 = Tokens.sign(TestKeys.signer(TestKeys.RSA), JWSAlgorithm.RS384, "rsa-1",
                Tokens.claims(clock.now()).build());
        String es384 = Tokens.sign(TestKeys.signer(TestKeys.EC_P384), JWSAlgorithm.ES384, "ec-384",
                Tokens.claims(clock.now()).build());
        String invented = Tokens.raw("{\"alg\":\"RS1\"}", CLAIMS_JSON, new byte[] {1});

        for (String token : List.of(rs384, es384, invented)) {
            JwtRejection r = verify(token);
            assertThat(r.failure()).isEqualTo(JwtFailure.ALGORITHM_NOT_ALLOWED);
            assertThat(r.detail()).contains("not in [RS256, ES256]");
        }
    }

    @Test
    void anyCriticalHeaderEvenWhenProperlySigned() {
        String token = signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
                .criticalParams(Set.of("x-tenant")).customParam("x-tenant", "t1").build());

        JwtRejection r = verify(token);

        assertThat(r.failure()).isEqualTo(JwtFailure.CRITICAL_HEADER);
        assertThat(r.detail()).contains("x-tenant");
    }

    @Test
    void unencodedPayloadOption() {
        String token = Tokens.raw("{\"alg\":\"RS256\",\"b64\":false}", CLAIMS_JSON, new byte[] {1});

        assertThat(verify(token).failure()).isEqualTo(JwtFailure.CRITICAL_HEADER);
    }

    static Stream<Arguments> embeddedKeyHeaders() throws Exception {
        return Stream.of(
                Arguments.of("jwk", new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(TestKeys.RSA_ATTACKER.toPublicJWK())),
                Arguments.of("jku", new JWSHeader.Builder(JWSAlgorithm.RS256).jwkURL(URI.create("https://evil.test/jwks"))),
                Arguments.of("x5u", new JWSHeader.Builder(JWSAlgorithm.RS256).x509CertURL(URI.create("https://evil.test/c"))),
                Arguments.of("x5c", new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .x509CertChain(List.of(Base64.encode(TestKeys.RSA_ATTACKER.toRSAPublicKey().getEncoded())))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("embeddedKeyHeaders")
    void keysCarriedByTheTokenAreRefusedWhoeverSignedIt(String param, JWSHeader.Builder header) {
        String byAttacker = Tokens.sign(TestKeys.signer(TestKeys.RSA_ATTACKER), header.keyID("rsa-1").build(),
                Tokens.claims(clock.now()).build());
        String byTrustedKey = signed(header.keyID("rsa-1").build());

        for (String token : List.of(byAttacker, byTrustedKey)) {
            JwtRejection r = verify(token);
            assertThat(r.failure()).isEqualTo(JwtFailure.EMBEDDED_KEY);
            assertThat(r.detail()).contains(param);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "abc",
            "a.b",
            "a.b.c.d",
            "a.b.c.d.e.f",
            "eyJhbGciOiJSUzI1NiJ9.e30.c2ln=",
            "eyJhbGciOiJSUzI1NiJ9.e30+.c2ln",
            "eyJhbGciOiJSUzI1NiJ9 .e30.c2ln",
            "eyJhbGciOiJSUzI1NiJ9.e30.",
            ".e30.c2ln",
            "eyJhbGciOiJSUzI1NiJ9..c2ln",
            "eyJhbGciOiJSUzI1NiJ9.e30.c2lnx",
            "bm90IGpzb24.e30.c2ln",
            "WzFd.e30.c2ln",
            "eyJhbGciOjF9.e30.c2ln",
            "eyJhbGciOiJSUzI1NiIsImtpZCI6MX0.e30.c2ln",
    })
    void malformedTokens(String token) {
        // In order: empty; 1, 2, 4 and 6 segments; padding; '+'; a space; no signature; no header;
        // no payload; a 4n+1 segment; header not JSON; a JSON array; alg a number; kid a number.
        JwtRejection r = verify(token);

        assertThat(r.failure()).isEqualTo(JwtFailure.MALFORMED);
        assertThat(r.wwwAuthenticate()).contains("error=\"invalid_token\"", "error_description=\"malformed token\"");
    }

    @Test
    void oversizedToken() {
        String token = Tokens.raw("{\"alg\":\"RS256\",\"pad\":\"" + "x".repeat(UntrustedJws.MAX_TOKEN_CHARS) + "\"}",
                CLAIMS_JSON, new byte[] {1});

        JwtRejection r = verify(token);

        assertThat(r.failure()).isEqualTo(JwtFailure.MALFORMED);
        assertThat(r.detail()).contains("longer than");
    }

    @Test
    void encryptedTokens() throws JOSEException {
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM),
                new Payload(CLAIMS_JSON));
        jwe.encrypt(new RSAEncrypter(TestKeys.RSA.toRSAPublicKey()));
        String threeSegmentsWithEnc = Tokens.raw("{\"alg\":\"RS256\",\"enc\":\"A128GCM\"}", CLAIMS_JSON, new byte[] {1});

        assertThat(verify(jwe.serialize()).failure()).isEqualTo(JwtFailure.ENCRYPTED);
        assertThat(verify(threeSegmentsWithEnc).failure()).isEqualTo(JwtFailure.ENCRYPTED);
    }
}
