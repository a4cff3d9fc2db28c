package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads keys from PEM text as OpenSSL writes it: public keys, certificates, and (for development
 * tokens) private keys in PKCS#8, SEC 1 or PKCS#1 form. BouncyCastle only parses the PEM and
 * ASN.1; the keys themselves are JDK keys, so no security provider is registered.
 */
final class PemKeys {
    private static final JcaPEMKeyConverter CONVERTER = new JcaPEMKeyConverter();

    private PemKeys() {
    }

    /**
     * Every public key in {@code pem} (from {@code PUBLIC KEY}, {@code RSA PUBLIC KEY} and
     * {@code CERTIFICATE} blocks) as a JWK without a key id.
     *
     * @throws IllegalArgumentException if there is none, or a block cannot be read
     */
    static List<JWK> publicKeys(String pem) {
        List<JWK> keys = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof SubjectPublicKeyInfo spki) {
                    keys.add(toJwk(CONVERTER.getPublicKey(spki)));
                } else if (block instanceof X509CertificateHolder cert) {
                    keys.add(toJwk(CONVERTER.getPublicKey(cert.getSubjectPublicKeyInfo())));
                } else {
                    throw new IllegalArgumentException("unexpected PEM block " + block.getClass().getSimpleName()
                            + " where public keys or certificates were expected");
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable PEM: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no PEM public key or certificate found");
        }
        return keys;
    }

    /**
     * The one private key in {@code pem}.
     *
     * @throws IllegalArgumentException if there is none, or it cannot be read
     */
    static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof PrivateKeyInfo info) {
                    return CONVERTER.getPrivateKey(info);
                }
                if (block instanceof PEMKeyPair pair) {
                    // Via the private key info alone: SEC 1 keys may omit the public key.
                    return CONVERTER.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no unencrypted PEM private key found");
    }

    static JWK toJwk(PublicKey key) throws GeneralSecurityException {
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw new GeneralSecurityException("unsupported EC curve");
            }
            return new ECKey.Builder(curve, ec).build();
        }
        if (key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")) {
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Ed25519Keys.rawPublic(key))).build();
        }
        throw new GeneralSecurityException("unsupported public key type " + key.getAlgorithm());
    }
}
