package dev.gatehouse.engine.filters.ratelimit;

import dev.gatehouse.engine.filter.FilterContext;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One configured {@code rate_limit} filter: its limits, the backend holding its buckets, its counters. */
final class Limiter {
    private final String filterName;
    private final RateLimitSettings settings;
    private final RateLimitBackend backend;
    private final DescriptorPart.Lookup lookup;
    private final RateLimitMetrics metrics;

    Limiter(String filterName, RateLimitSettings settings, RateLimitBackend backend, DescriptorPart.Lookup lookup,
            RateLimitMetrics metrics) {
        this.filterName = Objects.requireNonNull(filterName, "filterName");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The buckets this request takes a token from: one per limit whose key parts the request has. */
    List<Charge> charges(FilterContext ctx, HttpHeaders headers) {
        List<Charge> charges = new ArrayList<>(settings.limits().size());
        for (LimitRule rule : settings.limits()) {
            String value = keyValue(rule, ctx, headers);
            if (value == null) {
                continue;
            }
            String tier = ctx.consumer().isEmpty() ? null : lookup.tierByConsumer().get(ctx.consumer());
            Rate rate = rule.rateFor(tier);
            if (rate == null) {
                continue; // a tiered limit without a rate for this tier
            }
            charges.add(new Charge(rule.name(), value, filterName + "/" + rule.name() + "/" + value, rate));
        }
        return charges;
    }

    private String keyValue(LimitRule rule, FilterContext ctx, HttpHeaders headers) {
        if (rule.key().size() == 1) {
            return rule.key().get(0).valueOf(ctx, headers, lookup);
        }
        StringBuilder joined = new StringBuilder();
        for (DescriptorPart part : rule.key()) {
            String value = part.valueOf(ctx, headers, lookup);
            if (value == null) {
                return null;
            }
            joined.append(joined.length() == 0 ? "" : "|").append(value);
        }
        return joined.toString();
    }

    RateLimitBackend backend() {
        return backend;
    }

    RateLimitSettings settings() {
        return settings;
    }

    RateLimitMetrics metrics() {
        return metrics;
    }

    @Override
    public String toString() {
        return "rate_limit{" + filterName + ": " + settings.limits() + ", backend=" + backend
                + ", failure_mode=" + (settings.failOpen() ? "open" : "closed") + "}";
    }
}
