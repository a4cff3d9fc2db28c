/**
 * The {@code rate_limit} filter: token buckets keyed by descriptors of the request (consumer, tier,
 * API key, a JWT claim, a header, client IP, route), with several limits per request of which the
 * tightest decides. Buckets live in this engine ({@link dev.gatehouse.engine.filters.ratelimit.LocalBuckets})
 * or in Redis, shared by every engine ({@link dev.gatehouse.engine.filters.ratelimit.RedisBuckets}).
 * A bucket is kept as one number, the time at which it is full again (the generic cell rate
 * algorithm's form of a token bucket), so a decision is one compare-and-set locally or one short
 * script in Redis.
 */
package dev.gatehouse.engine.filters.ratelimit;
