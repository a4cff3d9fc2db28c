package dev.gatehouse.engine.upstream.lb;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link LbPolicy#LEAST_REQUEST}: the power of two random choices (Mitzenmacher). Two distinct
 * healthy endpoints are drawn uniformly and the less loaded one wins. Always taking the global
 * minimum would send every event loop to the same endpoint until its counter catches up; two random
 * choices get nearly the same balance without that herd.
 *
 * <p>Load is {@code (activeRequests + 1) / weight}: the {@code + 1} lets weight decide between idle
 * endpoints, and in general a weight-3 endpoint wins over a weight-1 one until it carries about
 * three times the requests. Ties go to the first draw, which is itself random.
 */
final class LeastRequestBalancer implements LoadBalancer {
    private final HealthyView<Endpoint[]> healthy;

    LeastRequestBalancer(List<Endpoint> endpoints, Predicate<Endpoint> usable) {
        this.healthy = new HealthyView<>(endpoints, members -> members, usable);
    }

    @Override
    public Endpoint choose(long hash) {
        Endpoint[] members = healthy.current();
        if (members == null) {
            return null;
        }
        if (members.length == 1) {
            return members[0];
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(members.length);
        int second = random.nextInt(members.length - 1);
        if (second >= first) {
            second++; // two distinct endpoints, each pair equally likely
        }
        Endpoint a = members[first];
        Endpoint b = members[second];
        long loadA = (a.activeRequests() + 1L) * b.weight();
        long loadB = (b.activeRequests() + 1L) * a.weight();
        return loadB < loadA ? b : a;
    }

    @Override
    public String toString() {
        return "LeastRequestBalancer";
    }
}
