package dev.gatehouse.engine.filters.jwt;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a provider's verification keys come from. Keys embedded in a token ({@code jwk},
 * {@code jku}, {@code x5u}, {@code x5c}) are never a source: only what is configured here is
 * trusted.
 */
public sealed interface KeySource {

    /** Says where the keys come from, for status and log lines. Never includes secret material. */
    String describe();

    /** A JWKS document on disk, read when the verifier is built. Symmetric ({@code oct}) keys in it are ignored. */
    record JwksFile(Path path) implements KeySource {
        public JwksFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "JWKS file " + path;
        }
    }

    /**
     * A PEM file with one or more public keys ({@code PUBLIC KEY}, {@code RSA PUBLIC KEY}) or
     * certificates, read when the verifier is built. PEM keys have no key id, so they are tried
     * for any token of their family whatever its {@code kid}.
     */
    record PemFile(Path path) implements KeySource {
        public PemFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "PEM file " + path;
        }
    }

    /** A JWKS document written into the config itself. */
    record InlineJwks(String json) implements KeySource {
        public InlineJwks {
            Objects.requireNonNull(json, "json");
        }

        @Override
        public String describe() {
            return "inline JWKS";
        }

        @Override
        public String toString() {
            // Config dumps stay readable: the keys themselves are in the document, not needed here.
            return "InlineJwks[" + json.length() + " chars]";
        }
    }

    /**
     * A JWKS served over HTTP(S), cached and refreshed in the background.
     *
     * <p>Keys younger than {@code refreshInterval} are used as they are. Older ones are still used
     * while a refresh runs in the background. Keys older than {@code cacheDuration} make a request
     * wait for a refresh (at most {@code fetchTimeout}); if that refresh fails the old keys are used
     * anyway, so an outage of the key server does not lock every caller out — keys are replaced
     * only by a successful fetch. A token whose {@code kid} is unknown triggers a refetch, but
     * fetches start at most once per {@code minRefetchInterval}, however many such tokens arrive.
     * Redirects are not followed: keys come from exactly this URL.
     *
     * @param uri                must be {@code https}, or {@code http} to a loopback address
     *                           (a JWKS read over plain HTTP lets anyone on the path pick the keys)
     * @param cacheDuration      age after which the keys must be refreshed before use
     * @param refreshInterval    age after which a background refresh starts; at most {@code cacheDuration}
     * @param fetchTimeout       bound on one fetch, connect to last byte
     * @param minRefetchInterval least time between two fetch attempts (unknown {@code kid}, retries after failures)
     */
    record RemoteJwks(URI uri, Duration cacheDuration, Duration refreshInterval, Duration fetchTimeout,
                      Duration minRefetchInterval) implements KeySource {
        public static final Duration DEFAULT_CACHE_DURATION = Duration.ofMinutes(10);
        public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);
        public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration DEFAULT_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
        private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

        public RemoteJwks {
            Objects.requireNonNull(uri, "uri");
            requirePositive(cacheDuration, "cacheDuration");
            requirePositive(refreshInterval, "refreshInterval");
            requirePositive(fetchTimeout, "fetchTimeout");
            Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
            if (minRefetchInterval.isNegative()) {
                throw new IllegalArgumentException("minRefetchInterval must not be negative");
            }
            if (refreshInterval.compareTo(cacheDuration) > 0) {
                throw new IllegalArgumentException("refreshInterval (" + refreshInterval
                        + ") must not be longer than cacheDuration (" + cacheDuration + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                throw new IllegalArgumentException("JWKS URL must be an absolute http(s) URL: " + uri);
            }
            if (scheme.equals("http") && !isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("JWKS URL must use https (plain http is accepted only for"
                        + " loopback addresses): " + uri);
            }
        }

        /** A remote JWKS with the default cache, refresh, timeout and rate-limit durations. */
        public static RemoteJwks of(URI uri) {
            return new RemoteJwks(uri, DEFAULT_CACHE_DURATION, DEFAULT_REFRESH_INTERVAL, DEFAULT_FETCH_TIMEOUT,
                    DEFAULT_MIN_REFETCH_INTERVAL);
        }

        @Override
        public String describe() {
            return uri.toString();
        }

        private static boolean isLoopback(String host) {
            // Literal checks only: resolving a name here could block, and DNS could lie anyway.
            return host.equalsIgnoreCase("localhost") || IPV4_LOOPBACK.matcher(host).matches()
                    || host.equals("[::1]") || host.equals("::1");
        }

        private static void requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }
    }

    /**
     * The secret for the HMAC algorithms. Its bytes never appear in {@code toString()}, so config
     * dumps and traces cannot leak it.
     */
    record SharedSecret(byte[] secret) implements KeySource {
        public SharedSecret {
            Objects.requireNonNull(secret, "secret");
            if (secret.length == 0) {
                throw new IllegalArgumentException("shared secret must not be empty");
            }
            secret = secret.clone();
        }

        /** The secret as the UTF-8 bytes of {@code text}, as most HS256 tutorials write it. */
        public static SharedSecret ofUtf8(String text) {
            return new SharedSecret(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The secret from base64 or base64url text, for secrets that are random bytes. */
        public static SharedSecret ofBase64(String text) {
            String t = text.strip();
            byte[] bytes = t.indexOf('-') >= 0 || t.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(t) : Base64.getDecoder().decode(t);
            return new SharedSecret(bytes);
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        int length() {
            return secret.length;
        }

        @Override
        public String describe() {
            return "shared secret (" + secret.length + " bytes)";
        }

        @Override
        public boolean equals(Object o) {
            // Constant time: equality of secrets is not something to leak through timing either.
            return o instanceof SharedSecret other && MessageDigest.isEqual(secret, other.secret);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(secret);
        }

        @Override
        public String toString() {
            return "SharedSecret[" + secret.length + " bytes]";
        }
    }
}
