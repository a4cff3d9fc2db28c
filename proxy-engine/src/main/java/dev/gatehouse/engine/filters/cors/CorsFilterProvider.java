package dev.gatehouse.engine.filters.cors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.filter.FilterSettings;
import dev.gatehouse.engine.filter.FilterSetup;
import dev.gatehouse.engine.filter.HttpFilterFactory;
import dev.gatehouse.engine.filter.HttpFilterProvider;
import java.util.List;

/** Type {@code cors}: cross-origin resource sharing for browser callers. */
public final class CorsFilterProvider implements HttpFilterProvider {
    @Override
    public String type() {
        return "cors";
    }

    @Override
    public List<ConfigProblem> validate(JsonNode config) {
        FilterSettings settings = new FilterSettings(config, CorsFilterConfig.fields());
        CorsFilterConfig.read(settings);
        return settings.problems();
    }

    @Override
    public HttpFilterFactory factory(FilterSetup setup) {
        String name = setup.name();
        CorsPolicy policy = new CorsPolicy(CorsFilterConfig.read(new FilterSettings(setup.config(), CorsFilterConfig.fields())));
        return new HttpFilterFactory() {
            @Override
            public CorsFilter newFilter() {
                return new CorsFilter(policy); // keeps the request's origin for the response phase
            }

            @Override
            public String toString() {
                return "cors{" + name + ": " + policy + "}";
            }
        };
    }
}
