package dev.gatehouse.engine.filters.ratelimit;

/**
 * Token-bucket arithmetic on the one number a bucket is kept as: the time it is full again
 * ({@code fullAt}; a bucket first seen is full). With {@code interval} the time a token takes to
 * refill and {@code capacity} the most tokens it holds, the bucket holds
 * {@code capacity - (fullAt - now) / interval} tokens, and taking one moves {@code fullAt} one
 * interval later. This is the generic cell rate algorithm; it needs no timer and no second field,
 * so one compare-and-set (or one Redis SET) stores a decision. Times are in any one unit
 * (nanoseconds here, microseconds in Redis).
 */
final class TokenBucket {
    private TokenBucket() {
    }

    /**
     * The outcome of taking one token at {@code now}.
     *
     * @param allowed    a token was there
     * @param fullAt     the bucket's state afterwards (unchanged when not allowed)
     * @param remaining  whole tokens left afterwards
     * @param resetAfter time until the bucket is full again
     * @param retryAfter when not allowed, time until a token is there; 0 otherwise
     */
    record Take(boolean allowed, long fullAt, long remaining, long resetAfter, long retryAfter) {
    }

    static Take take(long fullAt, long now, long interval, long capacity) {
        long base = Math.max(fullAt, now);
        long next = base + interval;
        long span = capacity * interval;
        if (next - now > span) {
            return new Take(false, fullAt, 0, base - now, next - now - span);
        }
        return new Take(true, next, (span - (next - now)) / interval, next - now, 0);
    }

    /** The tokens in the bucket at {@code now}, with the fraction of the one refilling. */
    static double tokens(long fullAt, long now, long interval, long capacity) {
        long owed = Math.max(0, fullAt - now);
        return Math.max(0, capacity - owed / (double) interval);
    }
}
