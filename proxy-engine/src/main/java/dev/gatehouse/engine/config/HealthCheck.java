package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Active health checking of a cluster's endpoints: an HTTP GET of {@code path} (healthy when the
 * status is in {@code expectedStatuses}) or a TCP connect, every {@code interval} plus up to
 * {@code jitter}. An endpoint turns unhealthy after {@code unhealthyThreshold} failed checks in a
 * row and healthy again after {@code healthyThreshold} passed ones.
 *
 * @param host          the Host header of HTTP checks; null means the endpoint's address
 * @param startHealthy  whether endpoints count as healthy before their first check
 */
public record HealthCheck(
        Kind kind,
        String path,
        List<StatusRange> expectedStatuses,
        String host,
        Duration interval,
        Duration timeout,
        Duration jitter,
        int healthyThreshold,
        int unhealthyThreshold,
        boolean startHealthy) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_JITTER = Duration.ZERO;
    public static final int DEFAULT_HEALTHY_THRESHOLD = 2;
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
    public static final List<StatusRange> DEFAULT_EXPECTED_STATUSES = List.of(new StatusRange(200, 200));

    public HealthCheck {
        Objects.requireNonNull(kind, "kind");
        expectedStatuses = List.copyOf(expectedStatuses);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(jitter, "jitter");
        if (kind == Kind.HTTP) {
            Objects.requireNonNull(path, "path");
        }
    }

    public boolean expects(int status) {
        for (StatusRange r : expectedStatuses) {
            if (status >= r.from() && status <= r.to()) {
                return true;
            }
        }
        return false;
    }

    public enum Kind { HTTP, TCP }

    /** Statuses from {@code from} to {@code to}, both included. */
    public record StatusRange(int from, int to) {
        public StatusRange {
            if (from < 100 || to > 599 || from > to) {
                throw new IllegalArgumentException("bad status range " + from + "-" + to);
            }
        }

        @Override
        public String toString() {
            return from == to ? Integer.toString(from) : from + "-" + to;
        }
    }
}
