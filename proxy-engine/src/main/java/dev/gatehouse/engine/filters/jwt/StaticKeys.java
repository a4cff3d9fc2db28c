package dev.gatehouse.engine.filters.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Keys read once, when the verifier is built: a JWKS or PEM file, an inline JWKS, a shared secret. */
final class StaticKeys implements VerificationKeys {
    private final KeyRing ring;
    private final CompletableFuture<KeyRing> done;
    private final KeySetStatus status;

    private StaticKeys(KeyRing ring, String source, Instant loadedAt) {
        this.ring = ring;
        this.done = CompletableFuture.completedFuture(ring);
        this.status = new KeySetStatus(source, ring.size(), loadedAt, 0, 0, 0, null, null);
    }

    /**
     * Loads {@code source}, reading files now (so call this off the event loop).
     *
     * @throws IllegalArgumentException if the keys cannot be read or none is usable, with a message fit for a config error
     */
    static StaticKeys load(KeySource source, Instant now) {
        KeyRing ring;
        if (source instanceof KeySource.SharedSecret secret) {
            ring = KeyRing.ofSecret(secret);
        } else if (source instanceof KeySource.JwksFile file) {
            ring = KeyRing.fromJwks(parseJwks(read(file.path()), source));
        } else if (source instanceof KeySource.InlineJwks inline) {
            ring = KeyRing.fromJwks(parseJwks(inline.json(), source));
        } else if (source instanceof KeySource.PemFile pem) {
            ring = KeyRing.fromJwks(new JWKSet(PemKeys.publicKeys(read(pem.path()))));
        } else {
            throw new IllegalArgumentException("not a local key source: " + source.describe());
        }
        if (ring.isEmpty()) {
            throw new IllegalArgumentException("no usable signing key in " + source.describe()
                    + (ring.skipped().isEmpty() ? "" : ": " + String.join("; ", ring.skipped())));
        }
        return new StaticKeys(ring, source.describe(), now);
    }

    @Override
    public KeyRing current(Instant now) {
        return ring;
    }

    @Override
    public CompletionStage<KeyRing> refresh(Instant now) {
        return done;
    }

    @Override
    public CompletionStage<KeyRing> refreshIfDue(Instant now) {
        return done;
    }

    @Override
    public KeySetStatus status() {
        return status;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static JWKSet parseJwks(String json, KeySource source) {
        try {
            return JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid JWKS in " + source.describe() + ": " + e.getMessage(), e);
        }
    }
}
