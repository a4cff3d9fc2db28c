package dev.gatehouse.engine.filters.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Providers and verifiers over the test keys, and ways to read outcomes. */
final class Fixtures {
    /** Every asymmetric test key, public parts only, as a provider would configure them. */
    static final KeySource TRUSTED_JWKS = new KeySource.InlineJwks(TestKeys.jwks(
            TestKeys.RSA, TestKeys.EC_P256, TestKeys.EC_P384, TestKeys.EC_P521, TestKeys.ED25519));
    static final KeySource.SharedSecret SECRET = new KeySource.SharedSecret(TestKeys.HMAC_SECRET);

    private Fixtures() {
    }

    static JwtProvider provider(KeySource keys, JwsAlgorithm... algorithms) {
        return JwtProvider.of("idp", Tokens.ISSUER, keys, algorithms);
    }

    static JwtVerifier verifier(JwtProvider provider, Clock clock) {
        return JwtVerifier.builder(provider).clock(clock).build();
    }

    /** The outcome of a stage that must already be complete: the synchronous path. */
    static JwtOutcome immediate(CompletionStage<JwtOutcome> stage) {
        assertThat(stage.toCompletableFuture()).as("completed without waiting").isDone();
        return stage.toCompletableFuture().getNow(null);
    }

    /** The outcome of a stage that may complete later (a JWKS fetch), waiting a bounded time. */
    static <T> T waitFor(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    static JwtRejection rejection(JwtOutcome outcome) {
        assertThat(outcome).isInstanceOf(JwtRejection.class);
        return (JwtRejection) outcome;
    }

    static VerifiedJwt verified(JwtOutcome outcome) {
        assertThat(outcome).as("verified, not %s", outcome).isInstanceOf(VerifiedJwt.class);
        return (VerifiedJwt) outcome;
    }
}
