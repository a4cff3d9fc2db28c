package dev.gatehouse.engine.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binds the top-level {@code consumers} section. Names are unique, and so are keys across all
 * consumers: two keys clash when their SHA-256 digests do, so a plain key and the hash of the same
 * key are caught too. Messages never repeat a key.
 */
final class ConsumerBinder {
    private final Diagnostics diagnostics;
    private final NameTable names;
    /** Digest → where it was first written and by whom. */
    private final Map<String, KeyOwner> keyOwners = new HashMap<>();

    private record KeyOwner(String consumer, Position at) {
    }

    ConsumerBinder(Diagnostics diagnostics) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.names = new NameTable("consumer", diagnostics);
    }

    List<ConsumerConfig> bindAll(List<MappingReader> items) {
        List<ConsumerConfig> consumers = new ArrayList<>();
        for (MappingReader r : items) {
            int errors = diagnostics.errorCount();
            String name = r.requiredString("name");
            if (name != null) {
                names.declare(name, r.positionOf("name"), r.pathOf("name"));
            }
            String tier = r.optionalString("tier", ConsumerConfig.DEFAULT_TIER);
            List<ApiKey> keys = keys(r, name);
            Map<String, String> attributes = new LinkedHashMap<>();
            r.stringMap("attributes").forEach(p -> attributes.put(p.key(), p.value()));
            r.finish();
            if (diagnostics.errorCount() == errors) {
                consumers.add(new ConsumerConfig(name, tier, keys, attributes));
            }
        }
        return consumers;
    }

    private List<ApiKey> keys(MappingReader r, String consumer) {
        List<ApiKey> keys = new ArrayList<>();
        for (MappingReader.Item item : r.stringList("keys")) {
            ApiKey key;
            try {
                key = ApiKey.parse(item.value());
            } catch (IllegalArgumentException e) {
                diagnostics.error(item.position(), item.path(), e.getMessage());
                continue;
            }
            KeyOwner first = keyOwners.putIfAbsent(key.sha256(), new KeyOwner(consumer, item.position()));
            if (first != null) {
                diagnostics.error(item.position(), item.path(), "duplicate API key (first given to consumer '"
                        + first.consumer() + "' at line " + first.at().line() + ")");
                continue;
            }
            keys.add(key);
        }
        return keys;
    }
}
