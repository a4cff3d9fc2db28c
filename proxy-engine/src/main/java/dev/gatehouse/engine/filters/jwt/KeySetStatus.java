package dev.gatehouse.engine.filters.jwt;

import java.time.Instant;

/**
 * A snapshot of a provider's key set, for metrics, the admin API and traces.
 *
 * @param source             where the keys come from ({@link KeySource#describe()})
 * @param keyCount           usable keys held now
 * @param loadedAt           when the held keys were loaded; null if none ever were
 * @param fetches            remote fetches started (0 for local sources)
 * @param fetchFailures      remote fetches that failed
 * @param suppressedRefetches refetches not started because one had started within the minimum interval
 * @param lastFailure        why the latest fetch failed; null when it succeeded (or none ran)
 * @param lastFailureAt      when it failed; null with {@code lastFailure}
 */
public record KeySetStatus(
        String source,
        int keyCount,
        Instant loadedAt,
        long fetches,
        long fetchFailures,
        long suppressedRefetches,
        String lastFailure,
        Instant lastFailureAt) {

    /** True when keys are held and the latest fetch, if any, succeeded. */
    public boolean healthy() {
        return keyCount > 0 && lastFailure == null;
    }
}
