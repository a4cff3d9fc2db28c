package dev.gatehouse.engine.filters.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One configured limit: a bucket per distinct value of its key, shaped by its rate, or, for a
 * tiered limit, by the rate of the consumer's tier (the limit's own rate, if any, for other tiers).
 *
 * @param rate  the rate for every request, or for tiers not listed; null for "tiers only"
 * @param tiers tier name → rate; empty for an untiered limit
 */
record LimitRule(String name, List<DescriptorPart> key, Rate rate, Map<String, Rate> tiers) {
    LimitRule {
        Objects.requireNonNull(name, "name");
        key = List.copyOf(key);
        tiers = Map.copyOf(tiers);
    }

    /** The rate for a request whose consumer has {@code tier} (null without a consumer); null if none applies. */
    Rate rateFor(String tier) {
        if (!tiers.isEmpty() && tier != null) {
            Rate tiered = tiers.get(tier);
            if (tiered != null) {
                return tiered;
            }
        }
        return rate;
    }
}
