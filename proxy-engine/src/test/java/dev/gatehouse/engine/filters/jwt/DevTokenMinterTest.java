package dev.gatehouse.engine.filters.jwt;

import static dev.gatehouse.engine.filters.jwt.Fixtures.SECRET;
import static dev.gatehouse.engine.filters.jwt.Fixtures.TRUSTED_JWKS;
import static dev.gatehouse.engine.filters.jwt.Fixtures.immediate;
import static dev.gatehouse.engine.filters.jwt.Fixtures.rejection;
import static dev.gatehouse.engine.filters.jwt.Fixtures.verified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Minted tokens are checked by the real verifier, as the lab's gateway would check them. */
class DevTokenMinterTest {
    private final MutableClock clock = new MutableClock();
    private final JwtProvider rsaProvider = JwtProvider.of("lab", Tokens.ISSUER, TRUSTED_JWKS,
            JwsAlgorithm.PS256, JwsAlgorithm.RS256, JwsAlgorithm.ES256, JwsAlgorithm.EDDSA)
            .withAudiences(Set.of(Tokens.AUDIENCE));

    @TempDir
    Path dir;

    private VerifiedJwt verify(JwtProvider provider, String token) {
        return verified(immediate(JwtVerifier.builder(provider).clock(clock).build().verify(token)));
    }

    @Test
    void hmacLabSignsWithTheProvidersOwnSecret() throws Exception {
        JwtProvider hmac = JwtProvider.of("lab", Tokens.ISSUER, SECRET, JwsAlgorithm.HS512);
        DevTokenMinter minter = DevTokenMinter.forProvider(hmac, clock);

        String token = minter.mint("learner", List.of("orders:read", "orders:write"), Duration.ofMinutes(15), Map.of());

        VerifiedJwt jwt = verify(hmac, token);
        assertThat(jwt.subject()).isEqualTo("learner");
        assertThat(jwt.algorithm()).isEqualTo(JwsAlgorithm.HS512);
        assertThat(jwt.scopes()).containsExactly("orders:read", "orders:write");
        assertThat(jwt.expiresAt()).isEqualTo(clock.now().plus(Duration.ofMinutes(15)));
        assertThat(jwt.audiences()).isEmpty();
        assertThat(SignedJWT.parse(token).getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(jwt.claims()).containsKeys("jti", "iat");
    }

    @Test
    void rsaPrivateKeyInPkcs8AndPkcs1() throws Exception {
        String pkcs8 = TestKeys.pem("PRIVATE KEY", TestKeys.RSA.toRSAPrivateKey().getEncoded());
        String pkcs1 = bcPem(TestKeys.RSA.toRSAPrivateKey());
        assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        for (String pem : List.of(pkcs8, pkcs1)) {
            DevSigningKey key = DevSigningKey.parse(pem).withKeyId("rsa-1");
            String token = DevTokenMinter.forProvider(rsaProvider, key, clock)
                    .mint("learner", List.of(), Duration.ofMinutes(5), Map.of());

            VerifiedJwt jwt = verify(rsaProvider, token);
            assertThat(jwt.algorithm()).as("first allowed algorithm, in enum order, the key can sign")
                    .isEqualTo(JwsAlgorithm.RS256);
            assertThat(jwt.keyId()).isEqualTo("rsa-1");
            assertThat(jwt.audiences()).containsExactly(Tokens.AUDIENCE);
        }
    }

    @Test
    void ecPrivateKeyInSec1FormWithAndWithoutItsPublicKey() throws Exception {
        // As "openssl ecparam -genkey" writes it: curve OID inside, public point optional.
        ECKey ec = TestKeys.EC_P256;
        ASN1Encodable curve = PrivateKeyInfo.getInstance(ec.toECPrivateKey().getEncoded())
                .getPrivateKeyAlgorithm().getParameters();
        byte[] point = ByteBuffer.allocate(65).put((byte) 4).put(ec.getX().decode()).put(ec.getY().decode()).array();
        BigInteger d = ec.toECPrivateKey().getS();
        List<String> pems = List.of(
                TestKeys.pem("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(256, d,
                        new DERBitString(point), curve).getEncoded()),
                TestKeys.pem("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, curve).getEncoded()));

        for (String pem : pems) {
            DevSigningKey key = DevSigningKey.parse(pem);
            String token = DevTokenMinter.forProvider(rsaProvider, key, clock).mint("u", List.of(), Duration.ofMinutes(1),
                    Map.of());

            assertThat(key.algorithms()).containsExactly(JwsAlgorithm.ES256);
            assertThat(verify(rsaProvider, token).keyId()).isNull();
        }
    }

    @Test
    void ed25519PrivateKeyFromPemFile() throws IOException {
        Path file = Files.writeString(dir.resolve("ed.pem"),
                TestKeys.pem("PRIVATE KEY", TestKeys.ed25519KeyPair(TestKeys.ED25519).getPrivate().getEncoded()));

        String token = DevTokenMinter.forProvider(rsaProvider, DevSigningKey.read(file), clock)
                .mint("u", List.of(), Duration.ofMinutes(1), Map.of());

        assertThat(verify(rsaProvider, token).algorithm()).isEqualTo(JwsAlgorithm.EDDSA);
    }

    @Test
    void privateJwkAndSingleKeyJwks() {
        for (String json : List.of(TestKeys.EC_P256.toJSONString(), "{\"keys\":[" + TestKeys.EC_P256.toJSONString() + "]}",
                TestKeys.ED25519.toJSONString())) {
            DevSigningKey key = DevSigningKey.parse(json);
            String token = DevTokenMinter.forProvider(rsaProvider, key, clock)
                    .mint("u", List.of(), Duration.ofMinutes(1), Map.of());

            assertThat(verify(rsaProvider, token).keyId()).isEqualTo(key.keyId().orElseThrow());
        }
    }

    @Test
    void extraClaimsComeLastSoALabCanShowEachRejection() {
        DevTokenMinter minter = DevTokenMinter.forProvider(rsaProvider, DevSigningKey.parse(TestKeys.RSA.toJSONString()),
                clock);
        JwtVerifier verifier = JwtVerifier.builder(rsaProvider).clock(clock).build();

        String custom = minter.mint("u", List.of(), Duration.ofMinutes(1), Map.of("tenant", "acme", "roles", List.of("a")));
        String wrongIssuer = minter.mint("u", List.of(), Duration.ofMinutes(1), Map.of("iss", "https://evil.test"));
        String expired = minter.mint("u", List.of(), Duration.ofMinutes(-5), Map.of());

        assertThat(verify(rsaProvider, custom).claims()).containsEntry("tenant", "acme");
        assertThat(rejection(immediate(verifier.verify(wrongIssuer))).failure()).isEqualTo(JwtFailure.WRONG_ISSUER);
        assertThat(rejection(immediate(verifier.verify(expired))).failure()).isEqualTo(JwtFailure.EXPIRED);
    }

    @Test
    void keysThatCannotSignForTheProviderAreRefused() {
        JwtProvider rsOnly = JwtProvider.of("lab", Tokens.ISSUER, TRUSTED_JWKS, JwsAlgorithm.RS256);
        DevSigningKey ec = DevSigningKey.parse(TestKeys.EC_P256.toJSONString());

        assertThatThrownBy(() -> DevTokenMinter.forProvider(rsOnly, ec, clock))
                .hasMessageContaining("allows [RS256], but the key signs only [ES256]");
        assertThatThrownBy(() -> DevTokenMinter.forProvider(rsOnly, clock))
                .hasMessageContaining("minting needs the matching private key");
        assertThatThrownBy(() -> DevSigningKey.parse(TestKeys.RSA.toPublicJWK().toJSONString()))
                .hasMessageContaining("no private part");
        assertThatThrownBy(() -> DevSigningKey.parse(TestKeys.publicPem(TestKeys.ed25519KeyPair(TestKeys.ED25519)
                .getPublic()))).hasMessageContaining("no unencrypted PEM private key");
    }

    @Test
    void toStringNeverShowsKeyMaterial() {
        DevSigningKey key = DevSigningKey.sharedSecret(SECRET);

        assertThat(key.toString()).isEqualTo("DevSigningKey[algorithms=[HS256, HS384, HS512]]");
    }

    private static String bcPem(Object key) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        }
        return out.toString();
    }
}
