package dev.gatehouse.engine.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.filter.FilterSettings;
import dev.gatehouse.engine.filter.FilterSetup;
import dev.gatehouse.engine.filter.HttpFilter;
import dev.gatehouse.engine.filter.HttpFilterFactory;
import dev.gatehouse.engine.filter.HttpFilterProvider;
import java.util.List;
import java.util.Set;

/**
 * Type {@code wasm}: a proxy-wasm module (ABI 0.2.0/0.2.1) as an HTTP filter, run on Chicory. The
 * module is loaded and started once when the config is applied (a module that fails to start
 * rejects the config), then runs in one VM per event loop.
 */
public final class WasmFilterProvider implements HttpFilterProvider {
    @Override
    public String type() {
        return "wasm";
    }

    @Override
    public Set<String> fileSettings() {
        return Set.of("module");
    }

    @Override
    public List<ConfigProblem> validate(JsonNode config) {
        FilterSettings settings = new FilterSettings(config, WasmFilterConfig.fields());
        WasmFilterConfig.read(config, settings);
        return settings.problems();
    }

    @Override
    public HttpFilterFactory factory(FilterSetup setup) {
        WasmFilterConfig config = WasmFilterConfig.read(setup.config(), new FilterSettings(setup.config(), WasmFilterConfig.fields()));
        WasmPlugin plugin = WasmPlugin.load(setup.name(), config, setup.metrics(), setup.gateway(), setup.clusters());
        return new HttpFilterFactory() {
            @Override
            public HttpFilter newFilter() {
                return new WasmHttpFilter(plugin);
            }

            @Override
            public String toString() {
                return "wasm{" + setup.name() + ": " + config + "}";
            }
        };
    }
}
