package dev.gatehouse.engine.filters.jwt;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One token issuer the gateway trusts, and how its tokens are found, checked and passed on.
 * Validated in full on construction, so a bad provider is a config error, never a request error.
 *
 * @param name          how routes refer to this provider
 * @param issuer        the exact {@code iss} every token must carry
 * @param audiences     a token's {@code aud} must name at least one of these; empty means {@code aud} is not checked
 * @param algorithms    the only {@code alg} values accepted; HMAC ones need a {@link KeySource.SharedSecret}
 *                      source and the others a public-key source, so one provider never mixes the two
 * @param keys          where verification keys come from
 * @param clockSkew     leeway for {@code exp}, {@code nbf} and {@code iat}
 * @param tokenLocation where the token is read from
 * @param forwardClaims claim name to request header name, set from the verified token (in this order);
 *                      the header is removed from the incoming request first, so a client cannot forge it
 * @param stripToken    remove the token from the request before it goes upstream
 */
public record JwtProvider(
        String name,
        String issuer,
        Set<String> audiences,
        Set<JwsAlgorithm> algorithms,
        KeySource keys,
        Duration clockSkew,
        TokenLocation tokenLocation,
        Map<String, String> forwardClaims,
        boolean stripToken) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "host", "content-length", "transfer-encoding", "connection", "te", "upgrade", "keep-alive",
            "proxy-connection", "trailer");

    public JwtProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(issuer, "issuer");
        if (name.isBlank()) {
            throw new IllegalArgumentException("provider name must not be blank");
        }
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("provider '" + name + "': issuer must not be blank");
        }
        audiences = Set.copyOf(audiences);
        Objects.requireNonNull(algorithms, "algorithms");
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("provider '" + name + "': at least one algorithm must be allowed");
        }
        algorithms = Collections.unmodifiableSet(EnumSet.copyOf(algorithms));
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("provider '" + name + "': clockSkew must not be negative");
        }
        Objects.requireNonNull(tokenLocation, "tokenLocation");
        forwardClaims = copyClaimHeaders(name, forwardClaims);
        requireKeysFitAlgorithms(name, algorithms, keys);
    }

    /**
     * A provider with the defaults: no audience check, {@link #DEFAULT_CLOCK_SKEW} (60 s),
     * {@code Authorization: Bearer}, no claims forwarded, token kept.
     */
    public static JwtProvider of(String name, String issuer, KeySource keys, JwsAlgorithm... algorithms) {
        return new JwtProvider(name, issuer, Set.of(), Set.of(algorithms), keys, DEFAULT_CLOCK_SKEW,
                TokenLocation.BEARER, Map.of(), false);
    }

    public JwtProvider withAudiences(Set<String> newAudiences) {
        return new JwtProvider(name, issuer, newAudiences, algorithms, keys, clockSkew, tokenLocation,
                forwardClaims, stripToken);
    }

    public JwtProvider withClockSkew(Duration newClockSkew) {
        return new JwtProvider(name, issuer, audiences, algorithms, keys, newClockSkew, tokenLocation,
                forwardClaims, stripToken);
    }

    public JwtProvider withTokenLocation(TokenLocation newLocation) {
        return new JwtProvider(name, issuer, audiences, algorithms, keys, clockSkew, newLocation,
                forwardClaims, stripToken);
    }

    public JwtProvider withForwardClaims(Map<String, String> newForwardClaims) {
        return new JwtProvider(name, issuer, audiences, algorithms, keys, clockSkew, tokenLocation,
                newForwardClaims, stripToken);
    }

    public JwtProvider withStripToken(boolean newStripToken) {
        return new JwtProvider(name, issuer, audiences, algorithms, keys, clockSkew, tokenLocation,
                forwardClaims, newStripToken);
    }

    private static Map<String, String> copyClaimHeaders(String provider, Map<String, String> claimHeaders) {
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : claimHeaders.entrySet()) {
            String claim = Objects.requireNonNull(e.getKey(), "claim");
            if (claim.isEmpty()) {
                throw new IllegalArgumentException("provider '" + provider + "': forwarded claim name must not be empty");
            }
            String header = HeaderNames.requireValid(e.getValue(), "forwarded claim header");
            if (RESERVED_HEADERS.contains(header)) {
                throw new IllegalArgumentException("provider '" + provider + "': claim '" + claim
                        + "' cannot be forwarded as '" + header + "', which frames or routes the request");
            }
            copy.put(claim, header);
        }
        return Collections.unmodifiableMap(copy);
    }

    private static void requireKeysFitAlgorithms(String provider, Set<JwsAlgorithm> algorithms, KeySource keys) {
        boolean secret = keys instanceof KeySource.SharedSecret;
        for (JwsAlgorithm a : algorithms) {
            if (a.isSymmetric() && !secret) {
                throw new IllegalArgumentException("provider '" + provider + "': " + a.joseName()
                        + " needs a shared secret, but the keys come from " + keys.describe());
            }
            if (!a.isSymmetric() && secret) {
                throw new IllegalArgumentException("provider '" + provider + "': " + a.joseName()
                        + " needs public keys, but the provider has only a shared secret");
            }
            if (secret && ((KeySource.SharedSecret) keys).length() < a.minimumSecretBytes()) {
                throw new IllegalArgumentException("provider '" + provider + "': " + a.joseName()
                        + " needs a secret of at least " + a.minimumSecretBytes() + " bytes, got "
                        + ((KeySource.SharedSecret) keys).length());
            }
        }
    }
}
