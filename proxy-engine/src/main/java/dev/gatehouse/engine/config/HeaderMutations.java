package dev.gatehouse.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Header edits, applied in this order: remove, set (replace), add (append).
 */
public record HeaderMutations(List<String> remove, Map<String, String> set, Map<String, String> add) {
    public static final HeaderMutations NONE = new HeaderMutations(List.of(), Map.of(), Map.of());

    public HeaderMutations {
        remove = List.copyOf(remove);
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        add = Collections.unmodifiableMap(new LinkedHashMap<>(add));
    }

    public boolean isEmpty() {
        return remove.isEmpty() && set.isEmpty() && add.isEmpty();
    }
}
