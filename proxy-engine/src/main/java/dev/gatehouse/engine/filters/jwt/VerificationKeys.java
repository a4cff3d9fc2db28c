package dev.gatehouse.engine.filters.jwt;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/** A provider's keys over time: fixed for local sources, fetched and refreshed for a remote JWKS. */
interface VerificationKeys {

    /**
     * The keys to verify with now, without waiting; null when there are none yet or they are too
     * old to use without a refresh. May start a background refresh. Never blocks.
     */
    KeyRing current(Instant now);

    /**
     * Fetches the keys again unless a fetch started less than the minimum refetch interval ago;
     * joins a fetch already running. Completes with the best keys there are afterwards (the new
     * ones, or the previous ones if the fetch failed or was not allowed; {@link KeyRing#EMPTY} if
     * none were ever loaded). Never completes exceptionally. Local sources complete at once.
     */
    CompletionStage<KeyRing> refresh(Instant now);

    /** Refreshes only if there are no keys yet or they have reached the refresh interval. */
    CompletionStage<KeyRing> refreshIfDue(Instant now);

    KeySetStatus status();
}
