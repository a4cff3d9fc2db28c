package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * A compact JWS whose shape and header passed every check that needs no key; its signature and
 * claims are not yet trusted. Parsing is strict where the library is lenient: exactly three
 * segments of unpadded base64url, a JSON object header with a string {@code alg}.
 */
final class UntrustedJws {
    /** Far beyond any real token; bounds the work a hostile header can cause. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** Header parameters that carry or point at a key: trusting one would let the token pick its own key. */
    private static final Set<String> EMBEDDED_KEY_PARAMS = Set.of("jwk", "jku", "x5u", "x5c");

    private final SignedJWT jws;
    private final JwsAlgorithm algorithm;

    private UntrustedJws(SignedJWT jws, JwsAlgorithm algorithm) {
        this.jws = jws;
        this.algorithm = algorithm;
    }

    /** Parses {@code token} and checks its header against the algorithms a provider allows. */
    static UntrustedJws parse(String token, Set<JwsAlgorithm> allowed) throws TokenRejected {
        Map<String, Object> header = parseHeader(token);
        Object alg = header.get("alg");
        if (header.containsKey("enc")) {
            throw new TokenRejected(JwtFailure.ENCRYPTED, "header has 'enc': a JWE");
        }
        if (!(alg instanceof String algName)) {
            throw new TokenRejected(JwtFailure.MALFORMED, "header has no string 'alg'");
        }
        if (algName.equalsIgnoreCase("none")) {
            throw new TokenRejected(JwtFailure.UNSIGNED, "alg " + LogText.quoted(algName));
        }
        JwsAlgorithm algorithm = JwsAlgorithm.lookup(algName).filter(allowed::contains).orElseThrow(() ->
                new TokenRejected(JwtFailure.ALGORITHM_NOT_ALLOWED, "alg " + LogText.quoted(algName)
                        + " not in " + allowed));
        if (header.containsKey("crit")) {
            // No JWS extension is implemented here, so any critical one must be refused (RFC 7515 §4.1.11).
            throw new TokenRejected(JwtFailure.CRITICAL_HEADER, "crit " + LogText.quoted(header.get("crit")));
        }
        if (header.containsKey("b64")) {
            // RFC 7797 unencoded payloads are only legal under crit; refuse rather than guess.
            throw new TokenRejected(JwtFailure.CRITICAL_HEADER, "b64 without crit");
        }
        for (String param : EMBEDDED_KEY_PARAMS) {
            if (header.containsKey(param)) {
                throw new TokenRejected(JwtFailure.EMBEDDED_KEY, "header has '" + param + "'");
            }
        }
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String)) {
            throw new TokenRejected(JwtFailure.MALFORMED, "'kid' is not a string");
        }
        try {
            return new UntrustedJws(SignedJWT.parse(token), algorithm);
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejected(JwtFailure.MALFORMED, "unparsable JWS: " + LogText.plain(e.getMessage()));
        }
    }

    JwsAlgorithm algorithm() {
        return algorithm;
    }

    /** The {@code kid} header, or null. */
    String keyId() {
        return jws.getHeader().getKeyID();
    }

    JWSHeader header() {
        return jws.getHeader();
    }

    byte[] signingInput() {
        return jws.getSigningInput();
    }

    Base64URL signature() {
        return jws.getSignature();
    }

    SignedJWT jws() {
        return jws;
    }

    /**
     * The {@code iss} claim without any verification, or null: only good for choosing which
     * provider should verify the token, which then checks it properly.
     */
    static String peekIssuer(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.length() > MAX_TOKEN_CHARS) {
            return null;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
            Object iss = JSONObjectUtils.parse(new String(payload, StandardCharsets.UTF_8)).get("iss");
            return iss instanceof String s ? s : null;
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> parseHeader(String token) throws TokenRejected {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejected(JwtFailure.MALFORMED, "token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int segments = 1;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                segments++;
            } else if (!isBase64UrlChar(c)) {
                throw new TokenRejected(JwtFailure.MALFORMED, "character outside base64url at " + i);
            }
        }
        if (segments == 5) {
            throw new TokenRejected(JwtFailure.ENCRYPTED, "five segments: a JWE");
        }
        if (segments != 3) {
            throw new TokenRejected(JwtFailure.MALFORMED, segments + " segments, expected 3");
        }
        String[] parts = token.split("\\.", -1);
        for (String part : parts) {
            // A length of 4n+1 cannot be base64; the JDK decoder would also refuse it, but say why.
            if (part.length() % 4 == 1) {
                throw new TokenRejected(JwtFailure.MALFORMED, "segment of impossible base64url length");
            }
        }
        if (parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new TokenRejected(JwtFailure.MALFORMED, "empty header or payload");
        }
        Map<String, Object> header;
        try {
            byte[] json = Base64.getUrlDecoder().decode(parts[0]);
            header = JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8));
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejected(JwtFailure.MALFORMED, "header is not base64url JSON");
        }
        if (parts[2].isEmpty() && !"none".equalsIgnoreCase(String.valueOf(header.get("alg")))) {
            throw new TokenRejected(JwtFailure.MALFORMED, "empty signature");
        }
        return header;
    }

    private static boolean isBase64UrlChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
