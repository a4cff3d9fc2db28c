package dev.gatehouse.engine.upstream;

import dev.gatehouse.engine.config.CircuitBreakers;
import dev.gatehouse.engine.observe.GatewayMetrics.ClusterMetrics;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cluster's circuit breakers at run time: one counter per limit, shared by every event loop (as
 * Envoy's are per cluster, not per worker). A claim that would pass a limit is refused and counted;
 * the breaker is "open" while its limit is reached.
 */
public final class CircuitBreaker {
    private final Limit connections;
    private final Limit pending;
    private final Limit requests;
    private final Limit retries;

    public CircuitBreaker(CircuitBreakers config, ClusterMetrics metrics) {
        this.connections = new Limit("max_connections", config.maxConnections(), metrics);
        this.pending = new Limit("max_pending_requests", config.maxPendingRequests(), metrics);
        this.requests = new Limit("max_requests", config.maxRequests(), metrics);
        this.retries = new Limit("max_retries", config.maxRetries(), metrics);
    }

    public Limit connections() {
        return connections;
    }

    public Limit pending() {
        return pending;
    }

    public Limit requests() {
        return requests;
    }

    public Limit retries() {
        return retries;
    }

    public List<Limit> limits() {
        return List.of(connections, pending, requests, retries);
    }

    /** One limit: a count of things in use that may not pass {@code max}. */
    public static final class Limit {
        private final String name;
        private final int max;
        private final ClusterMetrics metrics;
        private final AtomicInteger inUse = new AtomicInteger();
        private final LongAdder overflows = new LongAdder();

        Limit(String name, int max, ClusterMetrics metrics) {
            this.name = name;
            this.max = max;
            this.metrics = metrics;
        }

        /** Takes one unit, or counts an overflow and answers false when the limit is reached. */
        public boolean tryAcquire() {
            while (true) {
                int now = inUse.get();
                if (now >= max) {
                    overflows.increment();
                    metrics.breakerOverflow(name);
                    return false;
                }
                if (inUse.compareAndSet(now, now + 1)) {
                    return true;
                }
            }
        }

        /**
         * Takes one unit like {@link #tryAcquire()}, but when refused and {@code anyway} is true takes
         * it all the same (the overflow still counted): a pool with no connection at all opens one even
         * at the limit, as Envoy's do, so that no event loop's requests wait for a connection that
         * only another loop could free.
         */
        public boolean tryAcquireOr(boolean anyway) {
            if (tryAcquire()) {
                return true;
            }
            if (anyway) {
                inUse.incrementAndGet();
                return true;
            }
            return false;
        }

        /**
         * Takes one unit if fewer than {@code limit} are in use, whatever {@code max} says (a retry
         * budget decides instead); a refusal is not counted as this breaker's overflow.
         */
        public boolean tryAcquireBelow(int limit) {
            while (true) {
                int now = inUse.get();
                if (now >= limit) {
                    return false;
                }
                if (inUse.compareAndSet(now, now + 1)) {
                    return true;
                }
            }
        }

        public void release() {
            inUse.decrementAndGet();
        }

        /** The config name, e.g. {@code max_requests}. */
        public String name() {
            return name;
        }

        public int max() {
            return max;
        }

        public int inUse() {
            return inUse.get();
        }

        public int remaining() {
            return Math.max(0, max - inUse.get());
        }

        /** Whether the limit is reached: the next claim would be refused. */
        public boolean isOpen() {
            return inUse.get() >= max;
        }

        public long overflows() {
            return overflows.sum();
        }
    }
}
