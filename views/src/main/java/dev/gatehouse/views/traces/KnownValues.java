package dev.gatehouse.views.traces;

import dev.gatehouse.views.engine.TraceRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Values seen so far per filter field (routes, methods, consumers...), offered by completion. Each
 * field keeps at most {@link #PER_FIELD} distinct values so a path-heavy stream cannot grow it.
 */
public final class KnownValues {
    static final int PER_FIELD = 64;

    private final Map<String, Set<String>> values = new LinkedHashMap<>();

    public KnownValues() {
        for (String field : TraceFilter.FIELDS) {
            values.put(field, new LinkedHashSet<>());
        }
        values.get("status").addAll(List.of("2xx", "3xx", "4xx", "5xx"));
        values.get("latency").addAll(List.of("10ms", "50ms", "100ms", "1s"));
    }

    public void observe(TraceRecord t) {
        add("route", t.route());
        add("method", t.method());
        add("host", t.authority());
        add("path", t.path());
        add("cluster", t.cluster());
        add("consumer", t.consumer());
        add("status", Integer.toString(t.status()));
        if (!t.flags().isEmpty()) {
            for (String f : t.flags().split(",")) {
                add("flags", f);
            }
        }
    }

    /** Values seen for the field, in first-seen order; empty for unknown fields. */
    public List<String> of(String field) {
        Set<String> set = values.get(field);
        return set == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(set));
    }

    private void add(String field, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        Set<String> set = values.get(field);
        if (set.size() < PER_FIELD) {
            set.add(value);
        }
    }
}
