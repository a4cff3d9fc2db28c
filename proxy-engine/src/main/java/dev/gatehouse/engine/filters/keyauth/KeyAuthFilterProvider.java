package dev.gatehouse.engine.filters.keyauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.filter.FilterSettings;
import dev.gatehouse.engine.filter.FilterSetup;
import dev.gatehouse.engine.filter.HttpFilter;
import dev.gatehouse.engine.filter.HttpFilterFactory;
import dev.gatehouse.engine.filter.HttpFilterProvider;
import java.util.List;

/** Type {@code key_auth}: API keys of the config's {@code consumers}, in a header or a query parameter. */
public final class KeyAuthFilterProvider implements HttpFilterProvider {
    @Override
    public String type() {
        return "key_auth";
    }

    @Override
    public List<ConfigProblem> validate(JsonNode config) {
        FilterSettings settings = new FilterSettings(config, KeyAuthFilterConfig.fields());
        KeyAuthFilterConfig.read(settings);
        return settings.problems();
    }

    @Override
    public HttpFilterFactory factory(FilterSetup setup) {
        String name = setup.name();
        KeyAuthFilterConfig settings = KeyAuthFilterConfig.read(new FilterSettings(setup.config(), KeyAuthFilterConfig.fields()));
        ApiKeyDirectory directory = new ApiKeyDirectory(setup.gateway().consumers());
        HttpFilter filter = new KeyAuthFilter(settings, directory);
        return new HttpFilterFactory() {
            @Override
            public HttpFilter newFilter() {
                return filter;
            }

            @Override
            public String toString() {
                return "key_auth{" + name + ": " + settings + ", keys=" + directory.size() + "}";
            }
        };
    }
}
