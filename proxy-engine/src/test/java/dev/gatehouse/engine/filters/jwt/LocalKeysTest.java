package dev.gatehouse.engine.filters.jwt;

import static dev.gatehouse.engine.filters.jwt.Fixtures.immediate;
import static dev.gatehouse.engine.filters.jwt.Fixtures.provider;
import static dev.gatehouse.engine.filters.jwt.Fixtures.rejection;
import static dev.gatehouse.engine.filters.jwt.Fixtures.verified;
import static dev.gatehouse.engine.filters.jwt.Fixtures.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys from files and inline JWKS: loaded when the verifier is built, and refused then if unusable. */
class LocalKeysTest {
    private final MutableClock clock = new MutableClock();

    @TempDir
    Path dir;

    private String token(JWK key, JWSAlgorithm alg, String kid) {
        return Tokens.sign(TestKeys.signer(key), alg, kid, Tokens.claims(clock.now()).build());
    }

    @Test
    void jwksFile() throws IOException {
        Path file = Files.writeString(dir.resolve("jwks.json"), TestKeys.jwks(TestKeys.RSA, TestKeys.ED25519));
        JwtVerifier v = verifier(provider(new KeySource.JwksFile(file), JwsAlgorithm.RS256, JwsAlgorithm.EDDSA), clock);

        verified(immediate(v.verify(token(TestKeys.RSA, JWSAlgorithm.RS256, "rsa-1"))));
        verified(immediate(v.verify(token(TestKeys.ED25519, JWSAlgorithm.EdDSA, "ed-1"))));
        assertThat(v.keyStatus().keyCount()).isEqualTo(2);
        assertThat(v.keyStatus().source()).isEqualTo("JWKS file " + file);
        assertThat(v.keyStatus().healthy()).isTrue();
    }

    @Test
    void pemPublicKeysOfEveryFamilyMatchAnyKid() throws Exception {
        String pem = TestKeys.publicPem(TestKeys.RSA.toRSAPublicKey())
                + TestKeys.publicPem(TestKeys.EC_P256.toECPublicKey())
                + TestKeys.publicPem(TestKeys.ed25519KeyPair(TestKeys.ED25519).getPublic());
        Path file = Files.writeString(dir.resolve("keys.pem"), pem);
        JwtVerifier v = verifier(provider(new KeySource.PemFile(file),
                JwsAlgorithm.RS256, JwsAlgorithm.ES256, JwsAlgorithm.ED25519), clock);

        verified(immediate(v.verify(token(TestKeys.RSA, JWSAlgorithm.RS256, "whatever"))));
        verified(immediate(v.verify(token(TestKeys.EC_P256, JWSAlgorithm.ES256, null))));
        verified(immediate(v.verify(token(TestKeys.ED25519, JWSAlgorithm.Ed25519, "ed-1"))));
        assertThat(rejection(immediate(v.verify(token(TestKeys.RSA_ATTACKER, JWSAlgorithm.RS256, "rsa-1"))))
                .failure()).isEqualTo(JwtFailure.BAD_SIGNATURE);
    }

    @Test
    void pemCertificate() throws Exception {
        KeyPair pair = new KeyPair(TestKeys.RSA.toRSAPublicKey(), TestKeys.RSA.toRSAPrivateKey());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509CertificateHolder cert = new JcaX509v3CertificateBuilder(new X500Name("CN=issuer.test"), BigInteger.ONE,
                Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name("CN=issuer.test"), pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
        Path file = Files.writeString(dir.resolve("cert.pem"), TestKeys.pem("CERTIFICATE", cert.getEncoded()));

        JwtVerifier v = verifier(provider(new KeySource.PemFile(file), JwsAlgorithm.RS256), clock);

        verified(immediate(v.verify(token(TestKeys.RSA, JWSAlgorithm.RS256, "rsa-1"))));
    }

    @Test
    void unusableKeySourcesFailWhenTheVerifierIsBuilt() throws IOException {
        Path missing = dir.resolve("missing.pem");
        Path notPem = Files.writeString(dir.resolve("x.pem"), "hello");
        Path privateOnly = Files.writeString(dir.resolve("priv.pem"),
                TestKeys.pem("PRIVATE KEY", TestKeys.ed25519KeyPair(TestKeys.ED25519).getPrivate().getEncoded()));

        assertThatThrownBy(() -> verifier(provider(new KeySource.PemFile(missing), JwsAlgorithm.RS256), clock))
                .hasMessageContaining("provider 'idp': cannot read " + missing);
        assertThatThrownBy(() -> verifier(provider(new KeySource.PemFile(notPem), JwsAlgorithm.RS256), clock))
                .hasMessageContaining("no PEM public key");
        assertThatThrownBy(() -> verifier(provider(new KeySource.PemFile(privateOnly), JwsAlgorithm.RS256), clock))
                .hasMessageContaining("unexpected PEM block");
        assertThatThrownBy(() -> verifier(provider(new KeySource.InlineJwks("{\"keys\":"), JwsAlgorithm.RS256), clock))
                .hasMessageContaining("invalid JWKS in inline JWKS");
        assertThatThrownBy(() -> verifier(provider(new KeySource.InlineJwks(
                "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}"), JwsAlgorithm.RS256), clock))
                .hasMessageContaining("no usable signing key in inline JWKS")
                .hasMessageContaining("symmetric keys are not taken from a JWKS");
    }

    @Test
    void weakEncryptionAndUnknownKeysAreSkippedNotFatal() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(1024);
        RSAKey weak = new RSAKey.Builder((RSAPublicKey) gen.generateKeyPair().getPublic()).keyID("weak").build();
        RSAKey encryption = new RSAKey.Builder(TestKeys.RSA_ROTATED.toRSAPublicKey()).keyID("enc")
                .keyUse(KeyUse.ENCRYPTION).build();
        String jwks = new JWKSet(List.of(weak, encryption, TestKeys.RSA.toPublicJWK())).toString();

        KeyRing ring = KeyRing.fromJwks(JWKSet.parse(jwks));

        assertThat(ring.size()).isEqualTo(1);
        assertThat(ring.skipped()).hasSize(2)
                .anySatisfy(s -> assertThat(s).contains("'weak'", "1024 bits"))
                .anySatisfy(s -> assertThat(s).contains("'enc'", "not 'sig'"));
    }

    @Test
    void keyFamiliesNeverCross() {
        KeyRing ring = KeyRing.fromJwks(new JWKSet(List.of(TestKeys.RSA.toPublicJWK(), TestKeys.EC_P256.toPublicJWK(),
                TestKeys.ED25519.toPublicJWK())));

        for (JwsAlgorithm alg : JwsAlgorithm.values()) {
            for (VerificationKey key : ring.candidates(alg, null)) {
                assertThat(key.family()).as(alg.joseName()).isEqualTo(alg.family());
            }
        }
        assertThat(ring.candidates(JwsAlgorithm.HS256, null)).isEmpty();
        assertThat(ring.candidates(JwsAlgorithm.ES384, null)).isEmpty();
        assertThat(ring.candidates(JwsAlgorithm.PS512, null)).hasSize(1);
    }
}
