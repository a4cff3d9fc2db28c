package dev.gatehouse.engine.upstream;

import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.ClusterConfig.UpstreamProtocol;
import dev.gatehouse.engine.config.RetryPolicy.RetryBudget;
import dev.gatehouse.engine.observe.GatewayMetrics.ClusterMetrics;
import dev.gatehouse.engine.upstream.lb.LbPolicy;
import dev.gatehouse.engine.upstream.lb.LoadBalancer;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster at run time: its endpoints, the balancer over them, and one set of connection pools per
 * event loop, HTTP/1.1 or HTTP/2 as its {@code protocol} says, over TLS when its config has {@code tls}.
 * A cluster whose config did not change survives a config apply, pools and all.
 */
public final class Cluster {
    private final ClusterConfig config;
    private final LbPolicy policy;
    private final Transport transport;
    private final ClusterMetrics metrics;
    private final UpstreamTls tls;
    private final ConcurrentHashMap<EventLoop, Map<Endpoint, EndpointPool>> pools = new ConcurrentHashMap<>();
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final AtomicInteger activeRetries = new AtomicInteger();
    private volatile Members members;
    private volatile boolean closed;

    private record Members(List<Endpoint> endpoints, LoadBalancer balancer) {
    }

    /** @param tls the TLS context built from {@code config.tls()}; null exactly when that is null */
    public Cluster(ClusterConfig config, List<Endpoint> endpoints, Transport transport, ClusterMetrics metrics,
                   UpstreamTls tls) {
        this.config = Objects.requireNonNull(config, "config");
        this.policy = LbPolicy.fromConfigName(config.lbPolicy());
        this.transport = Objects.requireNonNull(transport, "transport");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if ((config.tls() == null) != (tls == null)) {
            throw new IllegalArgumentException("cluster '" + config.name() + "': a TLS context is needed exactly "
                    + "when the config has tls");
        }
        this.tls = tls;
        this.members = new Members(List.copyOf(endpoints), policy.create(List.copyOf(endpoints)));
    }

    public String name() {
        return config.name();
    }

    public ClusterConfig config() {
        return config;
    }

    public ClusterMetrics metrics() {
        return metrics;
    }

    public List<Endpoint> endpoints() {
        return members.endpoints();
    }

    public boolean usesHash() {
        return policy.usesHash();
    }

    /** A healthy endpoint for one request, or null if none is healthy. */
    public Endpoint choose(long hash) {
        return members.balancer().choose(hash);
    }

    /** This event loop's pool for an endpoint; call on {@code loop} only. */
    public EndpointPool pool(EventLoop loop, Endpoint endpoint) {
        Map<Endpoint, EndpointPool> loopPools = pools.computeIfAbsent(loop, l -> new ConcurrentHashMap<>());
        return loopPools.computeIfAbsent(endpoint, e -> newPool(loop, e));
    }

    private EndpointPool newPool(EventLoop loop, Endpoint endpoint) {
        return config.protocol() == UpstreamProtocol.HTTP2
                ? new Http2EndpointPool(loop, endpoint, transport, config.connectTimeout(), config.pool(), tls)
                : new Http1EndpointPool(loop, endpoint, transport, config.connectTimeout(), config.pool(), tls);
    }

    /**
     * Replaces the member list (DNS refresh). Endpoints with an unchanged address keep their
     * identity, counters and pools; pools of removed endpoints are closed.
     */
    public void updateEndpoints(List<Endpoint> fresh) {
        Map<java.net.InetSocketAddress, Endpoint> current = new HashMap<>();
        for (Endpoint e : members.endpoints()) {
            current.put(e.address(), e);
        }
        List<Endpoint> next = new ArrayList<>(fresh.size());
        for (Endpoint e : fresh) {
            Endpoint kept = current.remove(e.address());
            next.add(kept != null && kept.weight() == e.weight() ? kept : e);
        }
        members = new Members(List.copyOf(next), policy.create(List.copyOf(next)));
        for (Endpoint gone : current.values()) {
            closePools(gone);
        }
    }

    public void requestStarted() {
        activeRequests.incrementAndGet();
    }

    public void requestFinished() {
        activeRequests.decrementAndGet();
    }

    public int activeRequests() {
        return activeRequests.get();
    }

    /**
     * Claims a retry slot under the budget: retries in flight may be at most {@code percent} of the
     * requests in flight, but {@code minConcurrency} retries are always allowed.
     */
    public boolean tryStartRetry(RetryBudget budget) {
        if (budget == null) {
            activeRetries.incrementAndGet();
            return true;
        }
        int limit = Math.max(budget.minConcurrency(), (int) (activeRequests.get() * budget.percent() / 100.0));
        while (true) {
            int now = activeRetries.get();
            if (now >= limit) {
                return false;
            }
            if (activeRetries.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void retryFinished() {
        activeRetries.decrementAndGet();
    }

    /** Pool figures summed over event loops, for stats; approximate while traffic flows. */
    public PoolStats poolStats(Endpoint endpoint) {
        int idle = 0;
        int leased = 0;
        int waiting = 0;
        for (Map<Endpoint, EndpointPool> loopPools : pools.values()) {
            EndpointPool p = loopPools.get(endpoint);
            if (p != null) {
                idle += p.idleCount();
                leased += p.leasedCount();
                waiting += p.waitingCount();
            }
        }
        return new PoolStats(idle, leased, waiting);
    }

    /**
     * @param idle    connections open with nothing to do
     * @param active  leases in use: connections for HTTP/1.1, streams for HTTP/2
     * @param waiting requests queued for a lease
     */
    public record PoolStats(int idle, int active, int waiting) {
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes idle connections; leased ones close when their exchange releases them. */
    public void close() {
        closed = true;
        pools.forEach((loop, loopPools) -> loop.execute(() -> loopPools.values().forEach(EndpointPool::close)));
    }

    private void closePools(Endpoint gone) {
        pools.forEach((loop, loopPools) -> loop.execute(() -> {
            EndpointPool p = loopPools.remove(gone);
            if (p != null) {
                p.close();
            }
        }));
    }

    @Override
    public String toString() {
        return "Cluster{" + config.name() + ", " + policy.configName() + ", " + members.endpoints() + "}";
    }
}
