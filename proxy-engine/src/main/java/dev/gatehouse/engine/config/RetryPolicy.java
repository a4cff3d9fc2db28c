package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * When and how a failed upstream attempt is tried again. Backoff is exponential with full jitter:
 * before retry n the wait is random in [0, min(max, base * 2^(n-1))].
 *
 * @param perTryTimeout {@link Duration#ZERO} means only the route timeout applies
 * @param budget        may be null (no budget: only {@code numRetries} limits retries)
 */
public record RetryPolicy(
        Set<RetryOn> retryOn,
        int numRetries,
        Duration perTryTimeout,
        Duration backoffBase,
        Duration backoffMax,
        RetryBudget budget) {

    public static final int DEFAULT_NUM_RETRIES = 1;
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(25);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMillis(250);

    public RetryPolicy {
        retryOn = Set.copyOf(retryOn);
        Objects.requireNonNull(perTryTimeout, "perTryTimeout");
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffMax, "backoffMax");
    }

    /** The longest wait before retry {@code retry} (1 for the first): base × 2^(retry−1), at most max. */
    public long backoffCeilingNanos(int retry) {
        long cap = Math.max(backoffBase.toNanos(), backoffMax.toNanos());
        long ceiling = backoffBase.toNanos();
        for (int n = 1; n < retry && ceiling < cap; n++) {
            ceiling = ceiling > cap / 2 ? cap : ceiling * 2; // doubling stops at the cap, never overflows
        }
        return Math.min(ceiling, cap);
    }

    /** The wait before retry {@code retry}: full jitter, uniform in [0, {@link #backoffCeilingNanos}]. */
    public long backoffNanos(int retry, RandomGenerator random) {
        long ceiling = backoffCeilingNanos(retry);
        return ceiling > 0 ? random.nextLong(ceiling + 1) : 0;
    }

    /** Conditions that make an attempt retryable; config names as Envoy's. */
    public enum RetryOn {
        /** Any 5xx response. */
        FIVE_XX("5xx"),
        /** 502, 503 or 504. */
        GATEWAY_ERROR("gateway-error"),
        /** The upstream connection could not be established. */
        CONNECT_FAILURE("connect-failure"),
        /** The upstream reset or closed the connection before responding. */
        RESET("reset");

        private final String configName;

        RetryOn(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static RetryOn fromConfigName(String name) {
            for (RetryOn r : values()) {
                if (r.configName.equals(name)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown retry condition '" + name
                    + "' (expected one of 5xx, gateway-error, connect-failure, reset)");
        }
    }

    /**
     * Caps retries in flight at a share of the requests in flight to the cluster, so retries
     * cannot multiply an outage.
     *
     * @param percent        retries in flight may be at most this percent of active requests
     * @param minConcurrency retries always allowed while fewer than this many are in flight
     */
    public record RetryBudget(double percent, int minConcurrency) {
        /** Envoy's defaults: 20% of active requests, and at least 3 retries in flight. */
        public static final RetryBudget DEFAULTS = new RetryBudget(20, 3);
    }
}
