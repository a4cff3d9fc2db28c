package dev.gatehouse.engine.filters.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.config.ConsumerConfig;
import dev.gatehouse.engine.filter.FilterSettings;
import dev.gatehouse.engine.filter.FilterSetup;
import dev.gatehouse.engine.filter.HttpFilterFactory;
import dev.gatehouse.engine.filter.HttpFilterProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Type {@code rate_limit}: token buckets per consumer, tier, API key, JWT claim, header, client IP or
 * route, kept in this engine or in Redis.
 */
public final class RateLimitFilterProvider implements HttpFilterProvider {
    @Override
    public String type() {
        return "rate_limit";
    }

    @Override
    public List<ConfigProblem> validate(JsonNode config) {
        FilterSettings settings = new FilterSettings(config, RateLimitSettings.fields());
        RateLimitSettings.read(settings, config);
        return settings.problems();
    }

    @Override
    public HttpFilterFactory factory(FilterSetup setup) {
        RateLimitSettings settings = RateLimitSettings.read(new FilterSettings(setup.config(), RateLimitSettings.fields()),
                setup.config());
        RateLimitBackend backend = settings.redis() != null
                ? setup.resources().shared(settings.redis(), RedisBuckets.class, () -> new RedisBuckets(settings.redis()))
                : setup.resources().shared(new LocalKey(setup.name(), settings.maxKeys()), LocalBuckets.class,
                        () -> new LocalBuckets(settings.maxKeys(), System::nanoTime));
        Map<String, String> tiers = new HashMap<>();
        for (ConsumerConfig consumer : setup.gateway().consumers()) {
            tiers.put(consumer.name(), consumer.tier());
        }
        Limiter limiter = new Limiter(setup.name(), settings, backend,
                new DescriptorPart.Lookup(Map.copyOf(tiers), settings.apiKeyHeader()),
                new RateLimitMetrics(setup.metrics(), setup.name(), backend.name()));
        return new HttpFilterFactory() {
            @Override
            public RateLimitFilter newFilter() {
                return new RateLimitFilter(limiter);
            }

            @Override
            public String toString() {
                return limiter.toString();
            }
        };
    }

    /** The local buckets of one filter: shared by its chains, kept across reloads while the size holds. */
    private record LocalKey(String filter, long maxKeys) {
    }
}
