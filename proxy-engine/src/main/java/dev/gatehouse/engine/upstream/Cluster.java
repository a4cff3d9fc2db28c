package dev.gatehouse.engine.upstream;

import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.ClusterConfig.UpstreamProtocol;
import dev.gatehouse.engine.config.RetryPolicy.RetryBudget;
import dev.gatehouse.engine.observe.GatewayMetrics.ClusterMetrics;
import dev.gatehouse.engine.observe.HostEvent;
import dev.gatehouse.engine.upstream.lb.LbOptions;
import dev.gatehouse.engine.upstream.lb.LbPolicy;
import dev.gatehouse.engine.upstream.lb.LoadBalancer;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A cluster at run time: its endpoints, the balancer over them, and one set of connection pools per
 * event loop, HTTP/1.1 or HTTP/2 as its {@code protocol} says, over TLS when its config has {@code tls};
 * its circuit breakers, shared by every loop; and, once {@link #startHealth started}, its outlier
 * detector and health checker. A cluster whose config did not change survives a config apply, pools,
 * ejections and all.
 */
public final class Cluster {
    private final ClusterConfig config;
    private final LbPolicy policy;
    private final Transport transport;
    private final ClusterMetrics metrics;
    private final UpstreamTls tls;
    private final ConcurrentHashMap<EventLoop, Map<Endpoint, EndpointPool>> pools = new ConcurrentHashMap<>();
    private final CircuitBreaker breaker;
    private volatile Members members;
    private volatile boolean closed;
    private volatile OutlierDetector outliers;
    private volatile HealthChecker healthChecker;

    /** @param panicBalancer over every endpoint not drained; null when the cluster cannot panic */
    private record Members(List<Endpoint> endpoints, LoadBalancer balancer, LoadBalancer panicBalancer) {
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
        this.breaker = new CircuitBreaker(config.circuitBreakers(), metrics);
        this.members = members(List.copyOf(endpoints));
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

    /**
     * The endpoint for one request, or null if none can take it. Normally a healthy one; but when
     * fewer than {@code panic_threshold} percent of the endpoints (drained ones aside) are healthy, the
     * cluster is in panic and, as in Envoy, its policy balances over all of them, healthy or not:
     * better to load the failing hosts too than to flatten the few survivors.
     */
    public Endpoint choose(long hash) {
        Members m = members;
        if (m.panicBalancer() != null && inPanic(m.endpoints())) {
            return m.panicBalancer().choose(hash);
        }
        return m.balancer().choose(hash);
    }

    private Members members(List<Endpoint> endpoints) {
        LoadBalancer panic = panicPossible()
                ? policy.create(endpoints, LbOptions.DEFAULTS, e -> !e.isDrained())
                : null;
        return new Members(endpoints, policy.create(endpoints), panic);
    }

    /** Whether the cluster now balances over unhealthy endpoints too (see {@link #choose}). */
    public boolean isInPanic() {
        return panicPossible() && inPanic(members.endpoints());
    }

    private boolean panicPossible() {
        // Only checks and ejections make endpoints unhealthy; without them there is nothing to panic about.
        return config.panicThreshold() > 0 && (config.outlierDetection() != null || config.healthCheck() != null);
    }

    private boolean inPanic(List<Endpoint> endpoints) {
        int candidates = 0;
        int healthy = 0;
        for (Endpoint e : endpoints) {
            if (!e.isDrained()) {
                candidates++;
                if (e.isHealthy()) {
                    healthy++;
                }
            }
        }
        return candidates > 0 && healthy * 100 < config.panicThreshold() * candidates;
    }

    /**
     * Starts outlier detection and active health checks, as the config asks, on {@code loop}; their
     * transitions go to {@code events}. Called once, when the cluster starts serving.
     */
    public void startHealth(EventLoop loop, Consumer<HostEvent> events) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(events, "events");
        if (config.outlierDetection() != null && outliers == null) {
            outliers = new OutlierDetector(config.outlierDetection(), name(), this::endpoints, metrics, events, loop);
        }
        if (config.healthCheck() != null && healthChecker == null) {
            healthChecker = new HealthChecker(config.healthCheck(), name(), this::endpoints, transport, tls, metrics,
                    events, loop);
        }
    }

    /**
     * Tells outlier detection how an attempt on {@code endpoint} ended: its HTTP status, or 503 for a
     * connect failure or reset and 504 for a timeout. Cheap; call on any event loop.
     */
    public void reportOutcome(Endpoint endpoint, int status) {
        OutlierDetector detector = outliers;
        if (detector != null) {
            detector.record(endpoint, status);
        }
    }

    /** Runs an outlier sweep now, on the detector's loop, and waits for it; for tests. */
    void sweepOutliersNow() throws Exception {
        OutlierDetector detector = outliers;
        if (detector != null) {
            detector.sweepNow();
        }
    }

    /** This event loop's pool for an endpoint; call on {@code loop} only. */
    public EndpointPool pool(EventLoop loop, Endpoint endpoint) {
        // get first: lock-free on the hot path, unlike computeIfAbsent
        Map<Endpoint, EndpointPool> loopPools = pools.get(loop);
        if (loopPools == null) {
            loopPools = pools.computeIfAbsent(loop, l -> new ConcurrentHashMap<>());
        }
        EndpointPool pool = loopPools.get(endpoint);
        return pool != null ? pool : loopPools.computeIfAbsent(endpoint, e -> newPool(loop, e));
    }

    private EndpointPool newPool(EventLoop loop, Endpoint endpoint) {
        return config.protocol() == UpstreamProtocol.HTTP2
                ? new Http2EndpointPool(loop, endpoint, transport, config.connectTimeout(), config.pool(), tls, breaker)
                : new Http1EndpointPool(loop, endpoint, transport, config.connectTimeout(), config.pool(), tls, breaker);
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
        members = members(List.copyOf(next));
        for (Endpoint gone : current.values()) {
            closePools(gone);
        }
    }

    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /**
     * Claims a request slot under the {@code max_requests} breaker; false (counted) when it is open.
     * Each successful claim is paired with one {@link #requestFinished()}.
     */
    public boolean tryStartRequest() {
        return breaker.requests().tryAcquire();
    }

    public void requestFinished() {
        breaker.requests().release();
    }

    public int activeRequests() {
        return breaker.requests().inUse();
    }

    /**
     * Claims a retry slot. Without a budget the {@code max_retries} breaker limits retries in flight;
     * with one (as in Envoy, it replaces that breaker) retries in flight may be at most
     * {@code percent} of the requests in flight, but {@code minConcurrency} retries are always allowed.
     * Each successful claim is paired with one {@link #retryFinished()}.
     */
    public boolean tryStartRetry(RetryBudget budget) {
        if (budget == null) {
            return breaker.retries().tryAcquire();
        }
        int limit = Math.max(budget.minConcurrency(), (int) (activeRequests() * budget.percent() / 100.0));
        return breaker.retries().tryAcquireBelow(limit);
    }

    public void retryFinished() {
        breaker.retries().release();
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
        if (outliers != null) {
            outliers.close();
        }
        if (healthChecker != null) {
            healthChecker.close();
        }
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
