package dev.gatehouse.engine.filters.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.config.DurationSyntax;
import dev.gatehouse.engine.filter.HttpFilterProvider.ConfigProblem;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jwt_authn} filter's settings: the token providers it trusts and what a request must
 * present ({@code require}). Every problem is collected with its path, so a config names them all.
 *
 * <pre>
 * providers:
 *   - name: lab
 *     issuer: https://gatehouse.dev/lab
 *     audiences: [lab-api]
 *     algorithms: [HS256]                 # RS*, PS*, ES*, EdDSA, HS*
 *     secret: "..."                       # or jwks_file, pem_file, jwks (inline JSON), remote_jwks: {uri, ...}
 *     clock_skew: 60s
 *     from: {header: authorization, prefix: "Bearer "}   # or {cookie: name} or {query: name}
 *     forward_claims: {sub: x-user-id}
 *     strip_token: false
 * require: {providers: [lab], scopes: [orders.read], claims: {tenant: acme}}
 * </pre>
 */
record JwtAuthnSettings(List<JwtProvider> providers, JwtRequirement requirement) {

    static JwtAuthnSettings read(JsonNode config, List<ConfigProblem> problems) {
        expectOnly(config, "", Set.of("providers", "require"), problems);
        List<JwtProvider> providers = new ArrayList<>();
        JsonNode list = config.path("providers");
        if (!list.isArray() || list.isEmpty()) {
            problems.add(new ConfigProblem("providers", "list at least one token provider"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                JwtProvider p = provider(list.get(i), "providers[" + i + "]", problems);
                if (p != null) {
                    providers.add(p);
                }
            }
        }
        JwtRequirement requirement = requirement(config.path("require"), providers, problems);
        return new JwtAuthnSettings(providers, requirement);
    }

    private static JwtProvider provider(JsonNode p, String path, List<ConfigProblem> problems) {
        expectOnly(p, path + ".", Set.of("name", "issuer", "audiences", "algorithms", "secret", "jwks_file",
                "pem_file", "jwks", "remote_jwks", "clock_skew", "from", "forward_claims", "strip_token"), problems);
        int before = problems.size();
        String name = text(p, "name", path, problems);
        String issuer = text(p, "issuer", path, problems);
        Set<JwsAlgorithm> algorithms = new LinkedHashSet<>();
        for (JsonNode a : p.path("algorithms")) {
            try {
                algorithms.add(JwsAlgorithm.fromJoseName(a.asText()));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(path + ".algorithms", e.getMessage()));
            }
        }
        if (algorithms.isEmpty()) {
            problems.add(new ConfigProblem(path + ".algorithms", "list the signing algorithms this provider may use"));
        }
        KeySource keys = keys(p, path, problems);
        Set<String> audiences = new LinkedHashSet<>();
        p.path("audiences").forEach(a -> audiences.add(a.asText()));
        Map<String, String> forward = new LinkedHashMap<>();
        p.path("forward_claims").fields().forEachRemaining(e -> forward.put(e.getKey(), e.getValue().asText()));
        if (problems.size() > before) {
            return null;
        }
        try {
            return JwtProvider.of(name, issuer, keys, algorithms.toArray(JwsAlgorithm[]::new))
                    .withAudiences(audiences)
                    .withClockSkew(p.has("clock_skew") ? duration(p.get("clock_skew").asText()) : JwtProvider.DEFAULT_CLOCK_SKEW)
                    .withTokenLocation(location(p.path("from")))
                    .withForwardClaims(forward)
                    .withStripToken(p.path("strip_token").asBoolean(false));
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(path, e.getMessage()));
            return null;
        }
    }

    private static KeySource keys(JsonNode p, String path, List<ConfigProblem> problems) {
        List<String> given = new ArrayList<>();
        for (String key : List.of("secret", "jwks_file", "pem_file", "jwks", "remote_jwks")) {
            if (p.has(key)) {
                given.add(key);
            }
        }
        if (given.size() != 1) {
            problems.add(new ConfigProblem(path, "give exactly one key source: secret, jwks_file, pem_file, jwks or "
                    + "remote_jwks" + (given.isEmpty() ? "" : " (got " + String.join(", ", given) + ")")));
            return null;
        }
        try {
            return switch (given.get(0)) {
                case "secret" -> KeySource.SharedSecret.ofUtf8(p.get("secret").asText());
                case "jwks_file" -> new KeySource.JwksFile(Path.of(p.get("jwks_file").asText()));
                case "pem_file" -> new KeySource.PemFile(Path.of(p.get("pem_file").asText()));
                case "jwks" -> new KeySource.InlineJwks(p.get("jwks").isTextual() ? p.get("jwks").asText() : p.get("jwks").toString());
                default -> remote(p.get("remote_jwks"));
            };
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(path + "." + given.get(0), e.getMessage()));
            return null;
        }
    }

    private static KeySource remote(JsonNode r) {
        if (r.isTextual()) {
            return KeySource.RemoteJwks.of(URI.create(r.asText()));
        }
        return new KeySource.RemoteJwks(URI.create(r.path("uri").asText()),
                r.has("cache_duration") ? duration(r.get("cache_duration").asText()) : KeySource.RemoteJwks.DEFAULT_CACHE_DURATION,
                r.has("refresh_interval") ? duration(r.get("refresh_interval").asText()) : KeySource.RemoteJwks.DEFAULT_REFRESH_INTERVAL,
                r.has("fetch_timeout") ? duration(r.get("fetch_timeout").asText()) : KeySource.RemoteJwks.DEFAULT_FETCH_TIMEOUT,
                KeySource.RemoteJwks.DEFAULT_MIN_REFETCH_INTERVAL);
    }

    private static TokenLocation location(JsonNode from) {
        if (from.has("cookie")) {
            return new TokenLocation.Cookie(from.get("cookie").asText());
        }
        if (from.has("query")) {
            return new TokenLocation.QueryParameter(from.get("query").asText());
        }
        if (from.has("header")) {
            return new TokenLocation.Header(from.get("header").asText(), from.path("prefix").asText(""));
        }
        return TokenLocation.BEARER;
    }

    private static JwtRequirement requirement(JsonNode r, List<JwtProvider> providers, List<ConfigProblem> problems) {
        List<String> names = new ArrayList<>();
        r.path("providers").forEach(n -> names.add(n.asText()));
        if (names.isEmpty()) {
            providers.forEach(p -> names.add(p.name()));
        }
        Set<String> scopes = new LinkedHashSet<>();
        r.path("scopes").forEach(s -> scopes.add(s.asText()));
        Map<String, String> claims = new LinkedHashMap<>();
        r.path("claims").fields().forEachRemaining(e -> claims.put(e.getKey(), e.getValue().asText()));
        for (String n : names) {
            if (providers.stream().noneMatch(p -> p.name().equals(n))) {
                problems.add(new ConfigProblem("require.providers", "unknown provider '" + n + "'"));
            }
        }
        try {
            return new JwtRequirement(names, scopes, claims);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem("require", e.getMessage()));
            return null;
        }
    }

    private static String text(JsonNode node, String key, String path, List<ConfigProblem> problems) {
        String value = node.path(key).asText("");
        if (value.isEmpty()) {
            problems.add(new ConfigProblem(path + "." + key, "required"));
        }
        return value;
    }

    /** "60s", "250ms", "5m", "1h": the engine's one duration syntax. */
    static Duration duration(String text) {
        return DurationSyntax.parse(text);
    }

    private static void expectOnly(JsonNode node, String prefix, Set<String> known, List<ConfigProblem> problems) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problems.add(new ConfigProblem(prefix + key, "unknown field '" + key + "'"));
            }
        });
    }
}
