package dev.gatehouse.engine.upstream.lb;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link LbPolicy#ROUND_ROBIN}: one shared counter walks the healthy endpoints, so every healthy
 * endpoint gets the same share whichever others are down.
 */
final class RoundRobinBalancer implements LoadBalancer {
    private final HealthyView<Endpoint[]> healthy;
    private final AtomicLong next = new AtomicLong();

    RoundRobinBalancer(List<Endpoint> endpoints, Predicate<Endpoint> usable) {
        this.healthy = new HealthyView<>(endpoints, members -> members, usable);
    }

    @Override
    public Endpoint choose(long hash) {
        Endpoint[] members = healthy.current();
        return members == null ? null : members[Math.floorMod(next.getAndIncrement(), members.length)];
    }

    @Override
    public String toString() {
        return "RoundRobinBalancer";
    }
}
