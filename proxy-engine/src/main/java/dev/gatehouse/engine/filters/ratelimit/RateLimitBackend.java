package dev.gatehouse.engine.filters.ratelimit;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where token buckets are kept. A decision takes one token from every bucket of a request, or from
 * none when any of them is empty. Implementations never block the caller: a remote store answers
 * with a stage that completes (possibly exceptionally) within its command timeout.
 */
public interface RateLimitBackend extends AutoCloseable {
    /** {@code local} or {@code redis}, for metrics and traces. */
    String name();

    CompletionStage<Decision> decide(List<Charge> charges);

    /** The buckets whose id or descriptor value is {@code key}, as now. */
    CompletionStage<List<BucketView>> inspect(String key);

    /** At most {@code n} buckets, most drained first (cheap: only what this engine has in memory). */
    List<BucketView> mostDrained(int n);

    @Override
    void close();
}
