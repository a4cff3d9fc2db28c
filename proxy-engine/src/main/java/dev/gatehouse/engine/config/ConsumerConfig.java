package dev.gatehouse.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A known caller of the gateway: the name that traces, logs and forwarded headers show, a tier label
 * that rate limiting keys off, its API keys, and free-form attributes for filters that need more.
 *
 * @param tier       a free-form label such as {@code free} or {@code pro}
 * @param keys       the API keys that identify this consumer; unique across all consumers
 * @param attributes free-form name → value pairs
 */
public record ConsumerConfig(String name, String tier, List<ApiKey> keys, Map<String, String> attributes) {
    /** The tier of a consumer that names none. */
    public static final String DEFAULT_TIER = "default";

    public ConsumerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tier, "tier");
        keys = List.copyOf(keys);
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
