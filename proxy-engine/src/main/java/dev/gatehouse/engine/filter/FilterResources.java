package dev.gatehouse.engine.filter;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the filters of one applied config hold beyond a request: a Redis client, a table of token
 * buckets. One instance per config apply, shared by every chain the config compiles to, so that a
 * filter listed on two listeners (or overridden on a route) shares its state. A resource the
 * previous config held under an equal key is carried over instead of rebuilt (connections and
 * bucket levels survive an unrelated change); the rest of the previous config's resources are
 * closed when its snapshot is retired.
 */
public final class FilterResources implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FilterResources.class);

    private final FilterResources previous;
    private final Map<Object, AutoCloseable> held = new LinkedHashMap<>();

    private FilterResources(FilterResources previous) {
        this.previous = previous;
    }

    /** The resources of a first config. */
    public static FilterResources first() {
        return new FilterResources(null);
    }

    /** The resources of the config that follows the one holding {@code previous}. */
    public static FilterResources after(FilterResources previous) {
        return new FilterResources(Objects.requireNonNull(previous, "previous"));
    }

    /**
     * The resource under {@code key} (compared with {@code equals}, so it should describe every
     * setting the resource was built from): this config's, the previous config's, or a new one.
     */
    public synchronized <T extends AutoCloseable> T shared(Object key, Class<T> type, Supplier<T> create) {
        AutoCloseable found = held.get(key);
        if (found == null && previous != null) {
            found = previous.peek(key);
        }
        if (found == null) {
            found = Objects.requireNonNull(create.get(), "created resource");
        }
        held.put(key, found);
        return type.cast(found);
    }

    /** Every resource of this config of the given type, e.g. for the admin API. */
    public synchronized <T> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (AutoCloseable r : held.values()) {
            if (type.isInstance(r)) {
                out.add(type.cast(r));
            }
        }
        return out;
    }

    private synchronized AutoCloseable peek(Object key) {
        return held.get(key);
    }

    /**
     * Closes what this config holds and {@code successor} does not: call when this config's snapshot
     * is retired (successor = the new config's resources) or when the config it was built for failed
     * to apply (successor = the serving config's resources).
     */
    public void closeExcept(FilterResources successor) {
        Set<AutoCloseable> kept = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        if (successor != null) {
            synchronized (successor) {
                kept.addAll(successor.held.values());
            }
        }
        List<AutoCloseable> toClose;
        synchronized (this) {
            toClose = held.values().stream().filter(r -> !kept.contains(r)).toList();
            held.clear();
        }
        for (AutoCloseable r : toClose) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing filter resource {} failed: {}", r, e.toString());
            }
        }
    }

    /** Closes everything (the engine stops). */
    @Override
    public void close() {
        closeExcept(null);
    }
}
