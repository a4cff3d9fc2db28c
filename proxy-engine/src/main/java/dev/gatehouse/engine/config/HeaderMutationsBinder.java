package dev.gatehouse.engine.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Binds {@code request_headers} and {@code response_headers}: remove, set and add. */
final class HeaderMutationsBinder {
    private final Diagnostics diagnostics;

    HeaderMutationsBinder(Diagnostics diagnostics) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    HeaderMutations bind(MappingReader r) {
        if (r == null) {
            return HeaderMutations.NONE;
        }
        List<String> remove = new ArrayList<>();
        for (MappingReader.Item item : r.stringList("remove")) {
            String name = headerName(item.value(), item.position(), item.path(), remove);
            if (name != null) {
                remove.add(name);
            }
        }
        Map<String, String> set = values(r, "set");
        Map<String, String> add = values(r, "add");
        r.finish();
        return new HeaderMutations(remove, set, add);
    }

    private Map<String, String> values(MappingReader r, String key) {
        Map<String, String> values = new LinkedHashMap<>();
        for (MappingReader.Pair pair : r.stringMap(key)) {
            String name = headerName(pair.key(), pair.keyPosition(), pair.path(), values.keySet());
            if (name != null) {
                values.put(name, pair.value());
            }
        }
        return values;
    }

    /** Lower-cases the name; null (reported) if it is not a valid header name or was already listed. */
    private String headerName(String written, Position at, String path, Collection<String> listed) {
        String name = written.toLowerCase(Locale.ROOT);
        if (!HttpToken.isToken(name)) {
            diagnostics.error(at, path, "invalid header name '" + written + "'");
            return null;
        }
        if (listed.contains(name)) {
            diagnostics.error(at, path, "header '" + name + "' is listed twice");
            return null;
        }
        return name;
    }
}
