package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Passive health: endpoints whose responses stand out as failing are ejected from balancing for a
 * while, as Envoy's outlier detection. Names and defaults are Envoy's; an {@code enforcing_*} of 0
 * detects (and counts) without ejecting. Connect failures, resets and timeouts count as 503/504.
 *
 * @param interval                    how often the statistical checks run and ejections end
 * @param baseEjectionTime            an ejection lasts this times the endpoint's ejection count
 * @param maxEjectionTime             ... but never longer than this
 * @param maxEjectionPercent          no ejection while this share of endpoints is already ejected
 * @param consecutive5xx              5xx answers in a row that eject
 * @param consecutiveGatewayFailure   502/503/504 answers (or connect failures) in a row that eject
 * @param successRateStdevFactor      ejected when success rate < mean - stdev * factor
 * @param failurePercentageThreshold  ejected when more than this percent of requests failed
 */
public record OutlierDetection(
        Duration interval,
        Duration baseEjectionTime,
        Duration maxEjectionTime,
        int maxEjectionPercent,
        int consecutive5xx,
        int enforcingConsecutive5xx,
        int consecutiveGatewayFailure,
        int enforcingConsecutiveGatewayFailure,
        int successRateMinimumHosts,
        int successRateRequestVolume,
        double successRateStdevFactor,
        int enforcingSuccessRate,
        int failurePercentageThreshold,
        int failurePercentageMinimumHosts,
        int failurePercentageRequestVolume,
        int enforcingFailurePercentage) {

    public static final OutlierDetection DEFAULTS = new OutlierDetection(Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(300), 10, 5, 100, 5, 0, 5, 100, 1.9, 100, 85, 5, 50, 0);

    public OutlierDetection {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
        Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
    }
}
