package dev.gatehouse.engine.upstream;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One upstream host of a cluster, shared by every event loop: its address and weight are fixed,
 * its health and load counters change as traffic flows.
 *
 * <p>Three things can take it out of balancing, as in Envoy: an operator (or test) marking it
 * unhealthy ({@link #setHealthy}), failing active health checks, and an outlier ejection. It takes
 * traffic only when none applies; {@link #isHealthy()} reads one volatile flag kept up to date by
 * the (rare) setters.
 */
public final class Endpoint {
    private final String cluster;
    private final InetSocketAddress address;
    private final String authority;
    private final int weight;
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final OutlierCounters outlierCounters = new OutlierCounters();
    private volatile boolean healthy = true;
    private volatile boolean drained;
    private volatile boolean failedHealthCheck;
    private volatile Ejection ejection;
    private volatile String healthCheckDetail = "";

    public Endpoint(String cluster, InetSocketAddress address, int weight) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.address = Objects.requireNonNull(address, "address");
        this.authority = address.getHostString() + ":" + address.getPort(); // read on every request
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1: " + weight);
        }
        this.weight = weight;
    }

    public String cluster() {
        return cluster;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** "host:port" as written in config and shown in stats. */
    public String authority() {
        return authority;
    }

    public int weight() {
        return weight;
    }

    /** Whether balancers may choose it: not drained, not failing health checks, not ejected. */
    public boolean isHealthy() {
        return healthy;
    }

    /** Drains the endpoint (false) or undoes that (true); health checks and ejections are kept apart. */
    public synchronized void setHealthy(boolean healthy) {
        this.drained = !healthy;
        refresh();
    }

    /** Drained by an operator: left out even when the cluster is in panic. */
    public boolean isDrained() {
        return drained;
    }

    public boolean failsHealthCheck() {
        return failedHealthCheck;
    }

    /** Set by the active health checker after each check; {@code detail} is what it saw (e.g. "status 503"). */
    public synchronized void setHealthCheckResult(boolean failing, String detail) {
        this.failedHealthCheck = failing;
        this.healthCheckDetail = detail == null ? "" : detail;
        refresh();
    }

    public String healthCheckDetail() {
        return healthCheckDetail;
    }

    /** The current outlier ejection, or null when not ejected. */
    public Ejection ejection() {
        return ejection;
    }

    public synchronized void eject(Ejection ejection) {
        this.ejection = ejection;
        refresh();
    }

    public synchronized void unEject() {
        this.ejection = null;
        refresh();
    }

    /** Counters the outlier detector reads; written on the request path without locks. */
    public OutlierCounters outlierCounters() {
        return outlierCounters;
    }

    private void refresh() {
        healthy = !drained && !failedHealthCheck && ejection == null;
    }

    /**
     * Why and until when an endpoint is ejected.
     *
     * @param reason    consecutive_5xx, consecutive_gateway_failure, success_rate or failure_percentage
     * @param figures   what triggered it, e.g. {@code failure_percentage=10.0 threshold=5}
     * @param count     how many times it has been ejected (the ejection time's multiplier)
     * @param untilMillis epoch millis when it returns
     */
    public record Ejection(String reason, String figures, int count, long untilMillis) {
    }

    /** Requests currently outstanding on this endpoint; least-request balancing reads it. */
    public int activeRequests() {
        return activeRequests.get();
    }

    public void requestStarted() {
        activeRequests.incrementAndGet();
        requests.increment();
    }

    public void requestFinished(boolean failed) {
        activeRequests.decrementAndGet();
        if (failed) {
            failures.increment();
        }
    }

    public long totalRequests() {
        return requests.sum();
    }

    public long totalFailures() {
        return failures.sum();
    }

    @Override
    public String toString() {
        return cluster + "/" + authority() + (weight != 1 ? " w=" + weight : "") + (healthy ? "" : " (unhealthy)");
    }
}
