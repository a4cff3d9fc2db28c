package dev.gatehouse.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.config.FilterConfig;
import dev.gatehouse.engine.config.FilterOverride;
import dev.gatehouse.engine.config.FilterTypes;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.observe.GatewayMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Every filter type on the classpath, found once with {@link ServiceLoader}; it also serves the
 * config loader as {@link FilterTypes}, so filter settings are checked while a config is read.
 */
public final class FilterRegistry implements FilterTypes {
    private static final Map<String, HttpFilterProvider> PROVIDERS = load();

    /** Public for {@link ServiceLoader}; all instances share the same providers. */
    public FilterRegistry() {
    }

    private static Map<String, HttpFilterProvider> load() {
        Map<String, HttpFilterProvider> providers = new LinkedHashMap<>();
        for (HttpFilterProvider p : ServiceLoader.load(HttpFilterProvider.class)) {
            HttpFilterProvider previous = providers.putIfAbsent(p.type(), p);
            if (previous != null) {
                throw new IllegalStateException("two filter providers for type '" + p.type() + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(providers);
    }

    @Override
    public Set<String> names() {
        return PROVIDERS.keySet();
    }

    @Override
    public java.util.Set<String> fileSettings(String type) {
        HttpFilterProvider provider = PROVIDERS.get(type);
        return provider == null ? java.util.Set.of() : provider.fileSettings();
    }

    @Override
    public List<Problem> validate(String type, JsonNode config) {
        HttpFilterProvider provider = PROVIDERS.get(type);
        if (provider == null) {
            return List.of(new Problem("", "unknown filter type '" + type + "'"));
        }
        return provider.validate(config).stream().map(p -> new Problem(p.path(), p.message())).toList();
    }

    /**
     * The chain a route runs: its listener's filters in order, minus the ones the route disables,
     * with the route's settings where it gives its own. Factories are built here, off the event loops.
     *
     * @param overrides the route's {@code filter_overrides}; empty for the listener's plain chain
     * @param resources what the config's filters share and hold beyond a request
     */
    public static List<ConfiguredFilter> chain(GatewayConfig config, List<String> names,
                                               Map<String, FilterOverride> overrides, GatewayMetrics metrics,
                                             FilterResources resources) {
        return chain(config, names, overrides, metrics, resources, cluster -> null);
    }

    /**
     * Like {@link #chain(GatewayConfig, List, Map, GatewayMetrics, FilterResources)}, for filters that
     * call clusters themselves.
     *
     * @param clusters the running clusters of the config being applied, by name
     */
    public static List<ConfiguredFilter> chain(GatewayConfig config, List<String> names,
                                               Map<String, FilterOverride> overrides, GatewayMetrics metrics,
                                               FilterResources resources,
                                               java.util.function.Function<String, dev.gatehouse.engine.upstream.Cluster> clusters) {
        List<ConfiguredFilter> chain = new ArrayList<>(names.size());
        for (String name : names) {
            FilterConfig filter = config.filter(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown filter '" + name + "'"));
            FilterOverride override = overrides.get(name);
            if (override != null && override.disabled()) {
                continue;
            }
            JsonNode settings = override != null && override.config() != null ? override.config() : filter.config();
            HttpFilterProvider provider = PROVIDERS.get(filter.type());
            if (provider == null) {
                throw new IllegalArgumentException("filter '" + name + "' has unknown type '" + filter.type() + "'");
            }
            chain.add(new ConfiguredFilter(name, provider.factory(new FilterSetup(name, settings, config, metrics, resources, clusters))));
        }
        return List.copyOf(chain);
    }
}
