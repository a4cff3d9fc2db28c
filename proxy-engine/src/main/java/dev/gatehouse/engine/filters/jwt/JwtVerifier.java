package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies tokens for one {@link JwtProvider}: structure, header, signature, issuer, audience and
 * validity period, in that order. Every outcome, good or bad, is a {@link JwtOutcome}; nothing
 * throws.
 *
 * <p><b>Threads.</b> {@link #verify} never blocks, so it may be called on an event loop. When the
 * provider's keys are at hand (always for local keys; for a remote JWKS once loaded) the returned
 * stage is <em>already complete</em>, and a caller can continue at once with
 * {@code stage.toCompletableFuture().getNow(null)}. Only when keys must be fetched first (none
 * loaded yet, too old, or the token names an unknown {@code kid}) does the stage complete later,
 * on an HTTP client thread, so the caller must hop back to its own event loop before touching the
 * request. Instances are thread-safe and meant to be shared by all event loops.
 */
public final class JwtVerifier {
    /** The realm challenges name unless configured otherwise. */
    public static final String DEFAULT_REALM = "gatehouse";
    private static final Logger log = LoggerFactory.getLogger(JwtVerifier.class);

    private final JwtProvider provider;
    private final VerificationKeys keys;
    private final Clock clock;
    private final String realm;

    private JwtVerifier(JwtProvider provider, VerificationKeys keys, Clock clock, String realm) {
        this.provider = provider;
        this.keys = keys;
        this.clock = clock;
        this.realm = realm;
    }

    /** Starts building a verifier for {@code provider}. */
    public static Builder builder(JwtProvider provider) {
        return new Builder(provider);
    }

    public JwtProvider provider() {
        return provider;
    }

    /**
     * Checks {@code token} (the bare compact JWS, without any {@code Bearer} prefix). The stage
     * never completes exceptionally.
     */
    public CompletionStage<JwtOutcome> verify(String token) {
        Objects.requireNonNull(token, "token");
        try {
            return check(token);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unverifiable(e));
        }
    }

    /**
     * Loads the keys if there are none yet or they have reached the refresh interval, without
     * waiting for a request to need them: call it once when the verifier is installed (so the
     * first request finds the keys loaded) and then periodically from a timer. Never blocks;
     * completes, never exceptionally, with the status after the fetch.
     */
    public CompletionStage<KeySetStatus> refreshIfDue() {
        return keys.refreshIfDue(clock.instant()).thenApply(ring -> keys.status());
    }

    /** The state of the provider's keys: how many, from when, fetch counters and the latest failure. */
    public KeySetStatus keyStatus() {
        return keys.status();
    }

    @Override
    public String toString() {
        return "JwtVerifier[provider=" + provider.name() + ", issuer=" + provider.issuer() + ", keys="
                + provider.keys().describe() + ", algorithms=" + provider.algorithms() + "]";
    }

    private CompletionStage<JwtOutcome> check(String token) {
        UntrustedJws jws;
        try {
            jws = UntrustedJws.parse(token, provider.algorithms());
        } catch (TokenRejected r) {
            return CompletableFuture.completedFuture(reject(r));
        }
        Instant now = clock.instant();
        KeyRing ring = keys.current(now);
        if (ring != null && !ring.isEmpty() && ring.mayHold(jws.keyId())) {
            return CompletableFuture.completedFuture(decide(jws, ring));
        }
        // No keys yet, keys too old, or a kid never seen: a (rate-limited) fetch may help.
        return keys.refresh(now).thenApply(fresh -> decide(jws, fresh)).exceptionally(this::unverifiable);
    }

    private JwtOutcome decide(UntrustedJws jws, KeyRing ring) {
        try {
            return verified(jws, ring);
        } catch (TokenRejected r) {
            return reject(r);
        } catch (RuntimeException e) {
            return unverifiable(e);
        }
    }

    /** A library bug or an input nobody foresaw: still a 401 for the client, never a 500. */
    private JwtRejection unverifiable(Throwable e) {
        log.debug("unexpected failure verifying a token for provider '{}'", provider.name(), e);
        return JwtRejection.of(JwtFailure.UNVERIFIABLE, realm, LogText.plain(e.toString()));
    }

    private VerifiedJwt verified(UntrustedJws jws, KeyRing ring) throws TokenRejected {
        checkSignature(jws, ring);
        JWTClaimsSet claims;
        try {
            claims = jws.jws().getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejected(JwtFailure.MALFORMED_CLAIMS, LogText.plain(e.getMessage()));
        }
        checkIssuer(claims);
        checkAudience(claims);
        Instant expiresAt = checkValidityPeriod(claims);
        return new VerifiedJwt(provider.name(), claims.getSubject(), claims.getIssuer(),
                claims.getAudience(), scopes(claims), jws.keyId(), jws.algorithm(), expiresAt,
                claims.toJSONObject());
    }

    private void checkSignature(UntrustedJws jws, KeyRing ring) throws TokenRejected {
        if (ring.isEmpty()) {
            String why = keys.status().lastFailure();
            throw new TokenRejected(JwtFailure.KEYS_UNAVAILABLE, "no keys from " + provider.keys().describe()
                    + (why == null ? "" : ": " + why));
        }
        List<VerificationKey> candidates = ring.candidates(jws.algorithm(), jws.keyId());
        if (candidates.isEmpty()) {
            throw new TokenRejected(JwtFailure.UNKNOWN_KEY, "no " + jws.algorithm().joseName() + " key"
                    + (jws.keyId() == null ? "" : " with kid " + LogText.quoted(jws.keyId())) + " among " + ring);
        }
        for (VerificationKey key : candidates) {
            try {
                if (key.verifier().verify(jws.header(), jws.signingInput(), jws.signature())) {
                    return;
                }
            } catch (JOSEException e) {
                // Malformed signature bytes (wrong length, bad DER) are simply a signature that does not verify.
                log.trace("signature check threw for provider '{}': {}", provider.name(), e.getMessage());
            }
        }
        throw new TokenRejected(JwtFailure.BAD_SIGNATURE, "tried " + candidates.size() + " key(s)"
                + (jws.keyId() == null ? "" : " for kid " + LogText.quoted(jws.keyId())));
    }

    private void checkIssuer(JWTClaimsSet claims) throws TokenRejected {
        if (!provider.issuer().equals(claims.getIssuer())) {
            throw new TokenRejected(JwtFailure.WRONG_ISSUER, "iss " + LogText.quoted(claims.getIssuer())
                    + ", expected " + LogText.quoted(provider.issuer()));
        }
    }

    private void checkAudience(JWTClaimsSet claims) throws TokenRejected {
        if (provider.audiences().isEmpty()) {
            return;
        }
        List<String> aud = claims.getAudience();
        if (aud.stream().noneMatch(provider.audiences()::contains)) {
            throw new TokenRejected(JwtFailure.WRONG_AUDIENCE, "aud " + LogText.quoted(aud)
                    + ", expected one of " + provider.audiences());
        }
    }

    /** RFC 7519 §4.1.4/5: valid while now &lt; exp and now &ge; nbf, each widened by the skew. */
    private Instant checkValidityPeriod(JWTClaimsSet claims) throws TokenRejected {
        Instant now = clock.instant();
        Duration skew = provider.clockSkew();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new TokenRejected(JwtFailure.NO_EXPIRY, "no exp claim");
        }
        Instant expiresAt = exp.toInstant();
        if (!now.isBefore(expiresAt.plus(skew))) {
            throw new TokenRejected(JwtFailure.EXPIRED, "exp " + expiresAt + " + skew " + skew + " <= now " + now);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(skew))) {
            throw new TokenRejected(JwtFailure.NOT_YET_VALID, "nbf " + nbf.toInstant() + " - skew " + skew
                    + " > now " + now);
        }
        Date iat = claims.getIssueTime();
        if (iat != null && iat.toInstant().isAfter(now.plus(skew))) {
            throw new TokenRejected(JwtFailure.ISSUED_IN_FUTURE, "iat " + iat.toInstant() + " > now " + now
                    + " + skew " + skew);
        }
        return expiresAt;
    }

    /** The union of {@code scope} (space-separated, RFC 8693) and {@code scp} (array or string). */
    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new LinkedHashSet<>();
        addScopes(claims.getClaim("scope"), scopes);
        addScopes(claims.getClaim("scp"), scopes);
        return scopes;
    }

    private static void addScopes(Object claim, Set<String> into) {
        if (claim instanceof String s) {
            for (String scope : s.split(" ")) {
                if (!scope.isEmpty()) {
                    into.add(scope);
                }
            }
        } else if (claim instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s) {
                    addScopes(s, into);
                }
            }
        }
    }

    private JwtRejection reject(TokenRejected r) {
        return JwtRejection.of(r.failure(), realm, r.detail());
    }

    /** Collects what a verifier needs beyond its provider; all optional. */
    public static final class Builder {
        private final JwtProvider provider;
        private Clock clock = Clock.systemUTC();
        private String realm = DEFAULT_REALM;
        private HttpClient httpClient;
        private JwksListener listener = JwksListener.NONE;

        private Builder(JwtProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        /** The time source for token validity and key ages; tests pass a fixed or stepping clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The {@code realm} of the challenges {@link JwtVerifier#verify} returns;
         * {@value JwtVerifier#DEFAULT_REALM} by default. A {@link JwtAuthenticator} answers in its own realm.
         */
        public Builder realm(String realm) {
            this.realm = BearerChallenge.requireRealm(realm);
            return this;
        }

        /**
         * The client for remote JWKS fetches; by default one shared by all verifiers, with its own
         * daemon threads. A client given here should have an executor: fetches start on it.
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** Hears about remote JWKS fetches (for metrics). */
        public Builder jwksListener(JwksListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the verifier. Local keys are read here, so call this off the event loop; a remote
         * JWKS is not fetched until {@link JwtVerifier#refreshIfDue()} or the first token.
         *
         * @throws IllegalArgumentException if local keys cannot be read or none is usable
         */
        public JwtVerifier build() {
            VerificationKeys keys = provider.keys() instanceof KeySource.RemoteJwks remote
                    ? new RemoteJwks(provider.name(), remote,
                            httpClient == null ? JwksFetcher.shared() : new JwksFetcher(httpClient), clock, listener)
                    : loadLocal();
            return new JwtVerifier(provider, keys, clock, realm);
        }

        private StaticKeys loadLocal() {
            try {
                return StaticKeys.load(provider.keys(), clock.instant());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("provider '" + provider.name() + "': " + e.getMessage(), e);
            }
        }
    }

}
