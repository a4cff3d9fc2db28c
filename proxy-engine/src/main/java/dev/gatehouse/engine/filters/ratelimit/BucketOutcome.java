package dev.gatehouse.engine.filters.ratelimit;

/**
 * What one bucket said about one request.
 *
 * @param allowed          it had a token
 * @param remaining        whole tokens left
 * @param resetAfterNanos  time until the bucket is full again
 * @param retryAfterNanos  when not allowed, time until a token is there
 */
public record BucketOutcome(Charge charge, boolean allowed, long remaining, long resetAfterNanos, long retryAfterNanos) {
}
