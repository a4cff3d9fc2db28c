package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JWKS fetched over HTTP: cached, refreshed in the background, refetched when a token names an
 * unknown key — at most one fetch at a time, and fetches start at most once per minimum refetch
 * interval. Keys are replaced only by a successful fetch; a failure keeps the previous keys and is
 * recorded as a reason for {@link #status()}, the listener, and one log line per change of reason.
 *
 * <p>Thread-safe. Callers on an event loop only read volatile fields and take a short lock that
 * never covers I/O; fetched keys are parsed on the HTTP client's threads.
 */
final class RemoteJwks implements VerificationKeys {
    private static final Logger log = LoggerFactory.getLogger(RemoteJwks.class);

    private final String provider;
    private final KeySource.RemoteJwks config;
    private final JwksFetcher fetcher;
    private final Clock clock;
    private final JwksListener listener;

    /** The keys of the last successful fetch, or null before the first. */
    private volatile Loaded loaded;
    private volatile Failure failure;
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong fetchFailures = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private CompletableFuture<KeyRing> inFlight;
    /** Guarded by {@link #lock}; when the latest fetch started. */
    private Instant lastAttempt;
    /** Guarded by {@link #lock}; the reason last logged, so a repeat is not logged again. */
    private String loggedFailure;

    RemoteJwks(String provider, KeySource.RemoteJwks config, JwksFetcher fetcher, Clock clock, JwksListener listener) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.config = Objects.requireNonNull(config, "config");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public KeyRing current(Instant now) {
        Loaded l = loaded;
        if (l == null) {
            return null;
        }
        Duration age = Duration.between(l.at(), now);
        if (age.compareTo(config.cacheDuration()) >= 0) {
            return null;
        }
        if (age.compareTo(config.refreshInterval()) >= 0) {
            fetch(now, false);
        }
        return l.ring();
    }

    @Override
    public CompletionStage<KeyRing> refreshIfDue(Instant now) {
        Loaded l = loaded;
        if (l != null && Duration.between(l.at(), now).compareTo(config.refreshInterval()) < 0) {
            return CompletableFuture.completedFuture(l.ring());
        }
        return fetch(now, false);
    }

    @Override
    public CompletionStage<KeyRing> refresh(Instant now) {
        return fetch(now, true);
    }

    /**
     * @param countRefusal whether a refusal by the rate limit is counted and reported: yes when a
     *                     request asked (unknown kid, stale keys), no for routine background refreshes
     */
    private CompletionStage<KeyRing> fetch(Instant now, boolean countRefusal) {
        CompletableFuture<KeyRing> fetched = new CompletableFuture<>();
        boolean tooSoon;
        synchronized (lock) {
            if (inFlight != null) {
                return inFlight;
            }
            tooSoon = lastAttempt != null && now.isBefore(lastAttempt.plus(config.minRefetchInterval()));
            if (!tooSoon) {
                lastAttempt = now;
                inFlight = fetched;
            }
        }
        if (tooSoon) {
            if (countRefusal) {
                suppressed.incrementAndGet();
                tell(l -> l.refetchSuppressed(provider, config.uri()));
            }
            return CompletableFuture.completedFuture(bestKeys());
        }
        fetches.incrementAndGet();
        CompletableFuture<byte[]> body;
        try {
            body = fetcher.fetch(config.uri(), config.fetchTimeout());
        } catch (RuntimeException e) {
            body = CompletableFuture.failedFuture(e);
        }
        body.whenComplete((bytes, error) -> {
            KeyRing ring = bestKeys();
            try {
                ring = error == null ? accept(bytes) : fail(reason(error));
            } finally {
                synchronized (lock) {
                    inFlight = null;
                }
                // Completed after clearing inFlight, so whoever it wakes sees the fetch as finished.
                fetched.complete(ring);
            }
        });
        return fetched;
    }

    @Override
    public KeySetStatus status() {
        Loaded l = loaded;
        Failure f = failure;
        return new KeySetStatus(config.describe(), l == null ? 0 : l.ring().size(), l == null ? null : l.at(),
                fetches.get(), fetchFailures.get(), suppressed.get(),
                f == null ? null : f.reason(), f == null ? null : f.at());
    }

    private KeyRing accept(byte[] bytes) {
        KeyRing ring;
        try {
            ring = KeyRing.fromJwks(JWKSet.parse(new String(bytes, StandardCharsets.UTF_8)));
        } catch (ParseException | RuntimeException e) {
            return fail("invalid JWKS: " + LogText.plain(e.getMessage()));
        }
        if (ring.isEmpty()) {
            return fail("no usable signing key in the JWKS" + (ring.skipped().isEmpty() ? "" : " " + ring.skipped()));
        }
        loaded = new Loaded(ring, clock.instant());
        failure = null;
        boolean recovered;
        synchronized (lock) {
            recovered = loggedFailure != null;
            loggedFailure = null;
        }
        // Logged outside the lock: an appender may block, and event loops take that lock.
        if (recovered) {
            log.info("JWKS for provider '{}' from {} recovered: {}", provider, config.uri(), ring);
        } else if (!ring.skipped().isEmpty()) {
            log.debug("JWKS for provider '{}' from {}: {}", provider, config.uri(), ring);
        }
        tell(l -> l.fetched(provider, config.uri(), ring.size()));
        return ring;
    }

    private static String reason(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof JwksFetcher.JwksFetchException ? cause.getMessage() : cause.toString();
    }

    private KeyRing fail(String reason) {
        fetchFailures.incrementAndGet();
        failure = new Failure(reason, clock.instant());
        boolean newReason;
        synchronized (lock) {
            newReason = !reason.equals(loggedFailure);
            loggedFailure = reason;
        }
        if (newReason) {
            Loaded held = loaded;
            log.warn("JWKS fetch for provider '{}' from {} failed: {} ({})", provider, config.uri(), reason,
                    held == null ? "no keys yet" : "keeping " + held.ring() + " loaded at " + held.at());
        }
        tell(l -> l.fetchFailed(provider, config.uri(), reason));
        return bestKeys();
    }

    private KeyRing bestKeys() {
        Loaded l = loaded;
        return l == null ? KeyRing.EMPTY : l.ring();
    }

    private void tell(Consumer<JwksListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            // A broken metrics hook must not stop keys from loading.
            log.warn("JWKS listener failed for provider '{}'", provider, e);
        }
    }

    private record Loaded(KeyRing ring, Instant at) {
    }

    private record Failure(String reason, Instant at) {
    }
}
