package dev.gatehouse.engine.runtime;

import dev.gatehouse.engine.config.GatewayConfig;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The last N applied configs, newest last, for listing and rollback. Guarded by the gateway's lock. */
final class ConfigHistory {
    private final int capacity;
    private final ArrayDeque<ConfigVersion> versions = new ArrayDeque<>();
    private long lastNumber;

    ConfigHistory(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /** Records a version about to be committed (dropped again if the apply fails). */
    ConfigVersion next(GatewayConfig config, String source, Instant at) {
        ConfigVersion v = new ConfigVersion(lastNumber + 1, at, source, config);
        return v;
    }

    void committed(ConfigVersion v) {
        lastNumber = v.number();
        versions.addLast(v);
        while (versions.size() > capacity) {
            versions.removeFirst();
        }
    }

    List<ConfigVersion> all() {
        return new ArrayList<>(versions);
    }

    Optional<ConfigVersion> find(long number) {
        return versions.stream().filter(v -> v.number() == number).findFirst();
    }

    /** The version applied just before {@code current}, if still kept. */
    Optional<ConfigVersion> previous(ConfigVersion current) {
        ConfigVersion before = null;
        for (ConfigVersion v : versions) {
            if (v.number() == current.number()) {
                return Optional.ofNullable(before);
            }
            before = v;
        }
        return Optional.empty();
    }
}
