package dev.gatehouse.engine.upstream;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One upstream host of a cluster, shared by every event loop: its address and weight are fixed,
 * its health and load counters change as traffic flows.
 */
public final class Endpoint {
    private final String cluster;
    private final InetSocketAddress address;
    private final int weight;
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean healthy = true;

    public Endpoint(String cluster, InetSocketAddress address, int weight) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.address = Objects.requireNonNull(address, "address");
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
        return address.getHostString() + ":" + address.getPort();
    }

    public int weight() {
        return weight;
    }

    public boolean isHealthy() {
        return healthy;
    }

    public void setHealthy(boolean healthy) {
        this.healthy = healthy;
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
