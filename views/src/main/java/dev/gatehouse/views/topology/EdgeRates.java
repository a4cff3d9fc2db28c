package dev.gatehouse.views.topology;

import dev.gatehouse.views.engine.TraceRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests per second on the graph's edges (route → cluster, cluster → endpoint), over a rolling
 * window of one-second buckets, from traces drained in batches. One thread owns an instance.
 * Bounded: one small ring per edge, and edges come from the config.
 */
public final class EdgeRates {
    private final int windowSeconds;
    private final Map<TopologyGraph.Edge, long[]> counts = new HashMap<>();
    private final Map<TopologyGraph.Edge, long[]> stamps = new HashMap<>();

    public EdgeRates(int windowSeconds) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("windowSeconds must be at least 1");
        }
        this.windowSeconds = windowSeconds;
    }

    /** Counts one completed request on the edges it took. */
    public void record(TraceRecord trace) {
        if (trace.route().isEmpty() || trace.cluster().isEmpty()) {
            return;
        }
        String cluster = TopologyGraph.clusterId(trace.cluster());
        count(new TopologyGraph.Edge(TopologyGraph.routeId(trace.route()), cluster), trace.time());
        if (!trace.endpoint().isEmpty()) {
            count(new TopologyGraph.Edge(cluster, TopologyGraph.endpointId(trace.cluster(), trace.endpoint())), trace.time());
        }
    }

    void count(TopologyGraph.Edge edge, long timeMillis) {
        long second = Math.floorDiv(timeMillis, 1000);
        int slot = (int) Math.floorMod(second, (long) windowSeconds);
        long[] c = counts.computeIfAbsent(edge, e -> new long[windowSeconds]);
        long[] s = stamps.computeIfAbsent(edge, e -> new long[windowSeconds]);
        if (s[slot] != second) {
            s[slot] = second;
            c[slot] = 0;
        }
        c[slot]++;
    }

    /** Requests per second on each edge over the window ending at {@code nowMillis}; edges without any are left out. */
    public Map<TopologyGraph.Edge, Double> snapshot(long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        Map<TopologyGraph.Edge, Double> out = new HashMap<>();
        counts.forEach((edge, c) -> {
            long[] s = stamps.get(edge);
            long total = 0;
            for (int i = 0; i < windowSeconds; i++) {
                if (s[i] > now - windowSeconds && s[i] <= now) {
                    total += c[i];
                }
            }
            if (total > 0) {
                out.put(edge, (double) total / windowSeconds);
            }
        });
        return out;
    }

    /** Forgets edges that saw nothing in the window, so renamed routes do not linger. */
    public void prune(long nowMillis) {
        Map<TopologyGraph.Edge, Double> live = snapshot(nowMillis);
        counts.keySet().retainAll(live.keySet());
        stamps.keySet().retainAll(live.keySet());
    }
}
