package dev.gatehouse.engine.filters.jwt;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the {@code jwt_authn} filter asks: does this request satisfy this route's
 * {@link JwtRequirement}? Finds the token, picks the provider, verifies, checks scopes and claims;
 * and, once verified, rewrites the request for upstream (claim headers, token stripped).
 *
 * <p>Like {@link JwtVerifier#verify}, {@link #authenticate} never blocks and returns an already
 * completed stage unless keys must be fetched, in which case it completes on an HTTP client
 * thread. Thread-safe; built once per config snapshot, off the event loop.
 *
 * <p><b>Several providers.</b> A requirement may accept tokens from several providers. Each is
 * looked for where its provider reads tokens; if more than one provider finds a token (typically
 * all read {@code Authorization: Bearer}), the one whose issuer matches the token's unverified
 * {@code iss} verifies it (else the first that found one) — the token's claims only choose who
 * checks it, and that provider then checks everything, issuer included. One token is verified per
 * request, so a bad token cannot cost more than one signature check per key.
 */
public final class JwtAuthenticator {
    private final Map<String, JwtVerifier> verifiers;
    private final String realm;

    /**
     * @param verifiers one per provider, looked up by provider name
     * @param realm     the {@code realm} of challenges for requests without a token
     */
    public JwtAuthenticator(List<JwtVerifier> verifiers, String realm) {
        Map<String, JwtVerifier> byName = new LinkedHashMap<>();
        for (JwtVerifier v : verifiers) {
            if (byName.put(v.provider().name(), v) != null) {
                throw new IllegalArgumentException("two JWT providers named '" + v.provider().name() + "'");
            }
        }
        this.verifiers = Collections.unmodifiableMap(byName);
        this.realm = BearerChallenge.requireRealm(realm);
    }

    /**
     * Checks that every provider {@code requirement} names exists; call when compiling routes, so
     * that a typo is a config error rather than a 401 on every request.
     *
     * @throws IllegalArgumentException naming the unknown provider
     */
    public void validate(JwtRequirement requirement) {
        for (String name : requirement.providers()) {
            if (!verifiers.containsKey(name)) {
                throw new IllegalArgumentException("unknown JWT provider '" + name + "' (known: "
                        + verifiers.keySet() + ")");
            }
        }
    }

    /**
     * Decides whether the request may proceed. The stage never completes exceptionally.
     *
     * @param rawQuery the request's query, still percent-encoded, without {@code ?}; may be null
     */
    public CompletionStage<JwtOutcome> authenticate(HttpHeaders headers, String rawQuery, JwtRequirement requirement) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(requirement, "requirement");
        List<Candidate> found = new ArrayList<>(1);
        for (String name : requirement.providers()) {
            JwtVerifier verifier = verifiers.get(name);
            if (verifier == null) {
                continue;
            }
            TokenLookup lookup = TokenExtractor.find(verifier.provider().tokenLocation(), headers, rawQuery);
            if (lookup.state() == TokenLookup.State.AMBIGUOUS) {
                return done(JwtRejection.of(JwtFailure.AMBIGUOUS_TOKEN, realm,
                        "several tokens at " + verifier.provider().tokenLocation()));
            }
            if (lookup.isFound()) {
                found.add(new Candidate(verifier, lookup.token()));
            }
        }
        if (found.isEmpty()) {
            return done(JwtRejection.of(JwtFailure.MISSING_TOKEN, realm, "no token for " + requirement.providers()));
        }
        Candidate chosen = choose(found);
        return chosen.verifier().verify(chosen.token()).thenApply(outcome -> authorize(outcome, requirement));
    }

    /**
     * Prepares a verified request for upstream, as its provider is configured: sets the claim
     * headers (removing any the client sent) and strips the token if asked to. Call on the event
     * loop that owns {@code headers}.
     *
     * @return the raw query to forward (changed only when a query-parameter token was stripped)
     */
    public String forward(VerifiedJwt jwt, HttpHeaders headers, String rawQuery) {
        JwtVerifier verifier = verifiers.get(jwt.provider());
        if (verifier == null) {
            throw new IllegalArgumentException("token verified by a provider this authenticator does not have: "
                    + jwt.provider());
        }
        JwtProvider provider = verifier.provider();
        ClaimHeaders.forward(jwt, provider.forwardClaims(), headers);
        return provider.stripToken() ? TokenExtractor.strip(provider.tokenLocation(), headers, rawQuery) : rawQuery;
    }

    /** The verifiers by provider name, e.g. to report key status or schedule refreshes. */
    public Map<String, JwtVerifier> verifiers() {
        return verifiers;
    }

    private static Candidate choose(List<Candidate> found) {
        if (found.size() > 1) {
            for (Candidate c : found) {
                String iss = UntrustedJws.peekIssuer(c.token());
                if (c.verifier().provider().issuer().equals(iss)) {
                    return c;
                }
            }
        }
        return found.get(0);
    }

    private JwtOutcome authorize(JwtOutcome outcome, JwtRequirement requirement) {
        if (outcome instanceof JwtRejection r) {
            // One realm per filter, whichever verifier refused.
            return JwtRejection.of(r.failure(), realm, r.detail());
        }
        VerifiedJwt jwt = (VerifiedJwt) outcome;
        Set<String> missing = requirement.missingScopes(jwt);
        if (!missing.isEmpty()) {
            return JwtRejection.insufficientScope(realm, String.join(" ", requirement.scopes()),
                    "missing scopes " + missing + " for sub " + LogText.quoted(jwt.subject()));
        }
        Optional<String> unmet = requirement.unmetClaim(jwt);
        if (unmet.isPresent()) {
            return JwtRejection.of(JwtFailure.CLAIM_MISMATCH, realm, "claim " + LogText.quoted(unmet.get())
                    + " is not " + LogText.quoted(requirement.claims().get(unmet.get())));
        }
        return jwt;
    }

    private static CompletionStage<JwtOutcome> done(JwtOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    @Override
    public String toString() {
        return "JwtAuthenticator[realm=" + realm + ", providers=" + verifiers.keySet() + "]";
    }

    private record Candidate(JwtVerifier verifier, String token) {
    }
}
