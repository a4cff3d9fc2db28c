package dev.gatehouse.engine.filters.ratelimit;

import java.util.Objects;

/**
 * One bucket a request takes a token from.
 *
 * @param limit  the configured limit's name
 * @param key    the descriptor value that picks the bucket ({@code free-user-123}, {@code 10.0.0.7})
 * @param bucket the bucket's id: {@code <filter>/<limit>/<key>}
 * @param rate   the bucket's shape (for tiered limits, the consumer's tier's)
 */
public record Charge(String limit, String key, String bucket, Rate rate) {
    public Charge {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(rate, "rate");
    }
}
