package dev.gatehouse.engine.filter;

import java.util.Objects;

/** One entry of a compiled chain: the filter's configured name and the factory for its instances. */
public record ConfiguredFilter(String name, HttpFilterFactory factory) {
    public ConfiguredFilter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
    }
}
