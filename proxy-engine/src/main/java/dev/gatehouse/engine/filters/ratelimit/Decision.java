package dev.gatehouse.engine.filters.ratelimit;

import java.util.Comparator;
import java.util.List;

/**
 * A backend's answer for one request: allowed only when every bucket had a token. A request that
 * one limit rejects takes no token from the others.
 *
 * @param outcomes one per charge, in the order asked
 */
public record Decision(boolean allowed, List<BucketOutcome> outcomes) {
    public Decision {
        outcomes = List.copyOf(outcomes);
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("a decision covers at least one bucket");
        }
    }

    static Decision of(List<BucketOutcome> outcomes) {
        return new Decision(outcomes.stream().allMatch(BucketOutcome::allowed), outcomes);
    }

    /**
     * The bucket the response headers describe: of the rejecting ones, the one that frees up last;
     * else the one with the fewest tokens left (the tightest limit).
     */
    public BucketOutcome tightest() {
        if (!allowed) {
            return outcomes.stream().filter(o -> !o.allowed())
                    .max(Comparator.comparingLong(BucketOutcome::retryAfterNanos)).orElseThrow();
        }
        return outcomes.stream().min(Comparator.comparingLong(BucketOutcome::remaining)
                .thenComparing(o -> -o.resetAfterNanos())).orElseThrow();
    }
}
