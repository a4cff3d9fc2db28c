package dev.gatehouse.engine.filters.jwt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a route demands of a request's token.
 *
 * @param providers any one of these providers may vouch for the token (tried in this order)
 * @param scopes    every one of these must be granted, by the space-separated {@code scope}
 *                  claim or the {@code scp} claim (array or string)
 * @param claims    claim name to required value: a string claim must equal it, an array claim must
 *                  contain it, a number or boolean must print as it
 */
public record JwtRequirement(List<String> providers, Set<String> scopes, Map<String, String> claims) {

    public JwtRequirement {
        providers = List.copyOf(providers);
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("a JWT requirement names at least one provider");
        }
        if (Set.copyOf(providers).size() != providers.size()) {
            throw new IllegalArgumentException("a JWT requirement names a provider twice: " + providers);
        }
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        for (String scope : scopes) {
            if (scope.isEmpty() || scope.chars().anyMatch(c -> c <= 0x20 || c == '"' || c == '\\' || c > 0x7e)) {
                // RFC 6749 §3.3 scope-token: it must also fit in the quoted WWW-Authenticate scope attribute.
                throw new IllegalArgumentException("invalid scope '" + scope + "'");
            }
        }
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        claims.forEach((name, value) -> {
            Objects.requireNonNull(name, "claim");
            Objects.requireNonNull(value, "claim value");
        });
    }

    /** A requirement for a valid token from {@code provider}, with no scope or claim demands. */
    public static JwtRequirement of(String provider) {
        return new JwtRequirement(List.of(provider), Set.of(), Map.of());
    }

    public JwtRequirement withScopes(Set<String> newScopes) {
        return new JwtRequirement(providers, newScopes, claims);
    }

    public JwtRequirement withClaims(Map<String, String> newClaims) {
        return new JwtRequirement(providers, scopes, newClaims);
    }

    /** The required scopes {@code jwt} was not granted, in declared order. */
    Set<String> missingScopes(VerifiedJwt jwt) {
        Set<String> missing = new LinkedHashSet<>(scopes);
        missing.removeAll(jwt.scopes());
        return missing;
    }

    /** The first required claim {@code jwt} does not satisfy. */
    Optional<String> unmetClaim(VerifiedJwt jwt) {
        for (Map.Entry<String, String> required : claims.entrySet()) {
            if (!satisfies(jwt.claims().get(required.getKey()), required.getValue())) {
                return Optional.of(required.getKey());
            }
        }
        return Optional.empty();
    }

    private static boolean satisfies(Object actual, String required) {
        if (actual instanceof List<?> values) {
            return values.stream().anyMatch(v -> v != null && !(v instanceof List || v instanceof Map)
                    && required.equals(String.valueOf(v)));
        }
        if (actual instanceof String || actual instanceof Number || actual instanceof Boolean) {
            return required.equals(String.valueOf(actual));
        }
        return false;
    }
}
