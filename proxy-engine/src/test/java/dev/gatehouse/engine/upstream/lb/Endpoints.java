package dev.gatehouse.engine.upstream.lb;

import dev.gatehouse.engine.upstream.Endpoint;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test endpoints and pick counting shared by the balancer tests. */
final class Endpoints {
    private Endpoints() {
    }

    /** One endpoint per weight, at 10.0.0.1:8080, 10.0.0.2:8080, ... */
    static List<Endpoint> weighted(int... weights) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            endpoints.add(new Endpoint("backend",
                    InetSocketAddress.createUnresolved("10.0.0." + (i + 1), 8080), weights[i]));
        }
        return endpoints;
    }

    /** {@code count} endpoints of weight 1. */
    static List<Endpoint> ofCount(int count) {
        int[] weights = new int[count];
        Arrays.fill(weights, 1);
        return weighted(weights);
    }

    /** How often each endpoint is chosen in {@code picks} calls with hash 0. */
    static Map<Endpoint, Integer> countPicks(LoadBalancer balancer, int picks) {
        Map<Endpoint, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(balancer.choose(0), 1, Integer::sum);
        }
        return counts;
    }

    /** The hash keys of {@code count} distinct session ids. */
    static long[] sessionKeys(int count) {
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = HashKeys.hash("session-" + i);
        }
        return keys;
    }

    /** The authority each key maps to (null when none is healthy). */
    static String[] owners(LoadBalancer balancer, long[] keys) {
        String[] owners = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            Endpoint e = balancer.choose(keys[i]);
            owners[i] = e == null ? null : e.authority();
        }
        return owners;
    }
}
