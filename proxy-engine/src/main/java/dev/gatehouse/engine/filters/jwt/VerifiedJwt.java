package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A token whose signature, issuer, audience and validity period all checked out.
 *
 * @param provider  the provider that verified it
 * @param subject   {@code sub}, or null when the token has none
 * @param issuer    {@code iss}
 * @param audiences {@code aud}, possibly empty
 * @param scopes    the union of the space-separated {@code scope} claim and the {@code scp} claim
 * @param keyId     {@code kid} from the header, or null
 * @param algorithm {@code alg} from the header
 * @param expiresAt {@code exp}
 * @param claims    every claim as parsed JSON: strings, numbers ({@code exp} stays seconds), booleans, lists, maps
 */
public record VerifiedJwt(
        String provider,
        String subject,
        String issuer,
        List<String> audiences,
        Set<String> scopes,
        String keyId,
        JwsAlgorithm algorithm,
        Instant expiresAt,
        Map<String, Object> claims) implements JwtOutcome {

    public VerifiedJwt {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(issuer, "issuer");
        audiences = List.copyOf(audiences);
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(expiresAt, "expiresAt");
        claims = Collections.unmodifiableMap(claims);
    }

    @Override
    public boolean isVerified() {
        return true;
    }

    /**
     * A claim rendered as text for a header: strings as they are, numbers and booleans printed,
     * arrays joined with {@code ","} (the {@code scope}/{@code scp} claims with a space, as
     * {@code scope} is written), objects as JSON; null when the claim is absent or JSON null.
     */
    public String claimText(String name) {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            String separator = name.equals("scope") || name.equals("scp") ? " " : ",";
            return list.stream().map(VerifiedJwt::scalarText).collect(Collectors.joining(separator));
        }
        return scalarText(value);
    }

    /** For traces: {@code jwt: provider=idp, sub=user123, kid=k1, alg=RS256}. */
    @Override
    public String toString() {
        return "jwt: provider=" + provider + ", sub=" + LogText.plain(subject)
                + ", kid=" + LogText.plain(keyId) + ", alg=" + algorithm.joseName();
    }

    @SuppressWarnings("unchecked")
    private static String scalarText(Object value) {
        if (value instanceof Map<?, ?> map) {
            return JSONObjectUtils.toJSONString((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(VerifiedJwt::scalarText).collect(Collectors.joining(",", "[", "]"));
        }
        return String.valueOf(value);
    }
}
