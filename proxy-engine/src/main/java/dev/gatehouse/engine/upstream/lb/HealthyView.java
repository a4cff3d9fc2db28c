package dev.gatehouse.engine.upstream.lb;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A value a balancer derives from the currently healthy endpoints (the healthy array itself, a
 * weighted cycle, cumulative weights), rebuilt only when some endpoint's health has flipped.
 *
 * <p>Checking costs one volatile read per endpoint and allocates nothing; rebuilding allocates but
 * happens only after a health change. Two threads may both rebuild after the same flip: they build
 * equal values and the last write wins, so no lock is needed.
 */
final class HealthyView<T> {
    private final Endpoint[] endpoints;
    private final Function<Endpoint[], T> derive;
    private final Predicate<Endpoint> usable;
    private volatile Snapshot<T> snapshot;

    /**
     * @param derive builds the value from a non-empty array of healthy endpoints, in list order
     * @param usable what "healthy" means: {@link Endpoint#isHealthy()}, or "not drained" in panic
     */
    HealthyView(List<Endpoint> endpoints, Function<Endpoint[], T> derive, Predicate<Endpoint> usable) {
        this.endpoints = endpoints.toArray(new Endpoint[0]);
        this.derive = derive;
        this.usable = usable;
        this.snapshot = build();
    }

    /** The value for the endpoints healthy right now, or null when none is. */
    T current() {
        Snapshot<T> current = snapshot;
        if (!current.matches(endpoints)) {
            current = build();
            snapshot = current;
        }
        return current.value;
    }

    private Snapshot<T> build() {
        // Read each flag once so the snapshot agrees with itself even while health is flipping.
        boolean[] healthy = new boolean[endpoints.length];
        int count = 0;
        for (int i = 0; i < endpoints.length; i++) {
            healthy[i] = usable.test(endpoints[i]);
            if (healthy[i]) {
                count++;
            }
        }
        Endpoint[] members = new Endpoint[count];
        for (int i = 0, next = 0; i < endpoints.length; i++) {
            if (healthy[i]) {
                members[next++] = endpoints[i];
            }
        }
        return new Snapshot<>(healthy, count == 0 ? null : derive.apply(members), usable);
    }

    private static final class Snapshot<T> {
        final boolean[] healthy;
        final T value;
        final Predicate<Endpoint> usable;

        Snapshot(boolean[] healthy, T value, Predicate<Endpoint> usable) {
            this.healthy = healthy;
            this.value = value;
            this.usable = usable;
        }

        boolean matches(Endpoint[] endpoints) {
            for (int i = 0; i < endpoints.length; i++) {
                if (usable.test(endpoints[i]) != healthy[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
