package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults a demo backend injects so that labs can show ejection and circuit breaking. Failures are
 * spread evenly, not drawn at random: with a rate of 0.1 exactly every tenth request fails, so what a
 * lab or a test sees is reproducible.
 *
 * @param failureRate   share of requests answered with {@code failureStatus}, in [0, 1]
 * @param latency       added before every answer
 * @param latencyJitter a random extra delay in [0, jitter]
 */
public record BackendFaults(double failureRate, int failureStatus, Duration latency, Duration latencyJitter) {
    public static final BackendFaults NONE = new BackendFaults(0, 503, Duration.ZERO, Duration.ZERO);

    public BackendFaults {
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be in [0, 1]: " + failureRate);
        }
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(latencyJitter, "latencyJitter");
    }

    public boolean any() {
        return failureRate > 0 || !latency.isZero() || !latencyJitter.isZero();
    }
}
