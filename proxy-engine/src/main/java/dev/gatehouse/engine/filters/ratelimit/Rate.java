package dev.gatehouse.engine.filters.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket's shape: {@code requests} tokens refill evenly over {@code period}, and the bucket
 * holds at most {@code burst} (its capacity, and how many requests may come at once).
 */
public record Rate(long requests, Duration period, long burst) {
    public Rate {
        Objects.requireNonNull(period, "period");
        if (requests < 1 || burst < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("requests, burst and period must be positive");
        }
        Math.multiplyExact(burst, Math.max(1, period.toNanos() / requests)); // the bucket's span must fit a long
    }

    /** The time one token takes to refill, in nanoseconds (at least 1). */
    public long intervalNanos() {
        return Math.max(1, period.toNanos() / requests);
    }

    /** The time one token takes to refill, in microseconds (at least 1), for Redis. */
    public long intervalMicros() {
        return Math.max(1, period.toNanos() / 1000 / requests);
    }

    /** The window of the IETF {@code RateLimit-Policy} header, in seconds. */
    public long windowSeconds() {
        return Math.max(1, period.toSeconds());
    }

    /** For traces and dumps: {@code 5/60s burst 5}. */
    @Override
    public String toString() {
        return requests + "/" + period.toSeconds() + "s burst " + burst;
    }
}
