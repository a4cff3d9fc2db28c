package dev.gatehouse.engine.filters.ratelimit;

/**
 * A bucket's level as the admin API shows it.
 *
 * @param backend          {@code local} or {@code redis}
 * @param tokens           tokens in it now, with the fraction of the one refilling
 * @param resetAfterMillis time until it is full again
 */
public record BucketView(String bucket, String limit, String key, String backend, double tokens, Rate rate,
                         long resetAfterMillis) {
    /** How empty the bucket is, 0 (full) to 1 (drained): what the top-N list sorts by. */
    public double drained() {
        return 1 - tokens / rate.burst();
    }
}
