package dev.gatehouse.engine.filters.ratelimit;

import dev.gatehouse.engine.observe.GatewayMetrics;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;

/** One configured filter's counters, with the label handles looked up once per config apply. */
final class RateLimitMetrics {
    final CounterDataPoint allowed;
    final CounterDataPoint limited;
    final CounterDataPoint failedOpen;
    final CounterDataPoint failedClosed;
    final CounterDataPoint timeouts;
    final CounterDataPoint unavailable;
    final CounterDataPoint errors;

    RateLimitMetrics(GatewayMetrics metrics, String filter, String backend) {
        Counter decisions = metrics.counter("gatehouse_ratelimit_decisions_total",
                "Rate-limit decisions, by filter, backend and result (allowed, limited, failed_open, failed_closed)",
                "filter", "backend", "result");
        Counter backendErrors = metrics.counter("gatehouse_ratelimit_backend_errors_total",
                "Rate-limit backend failures, by filter, backend and reason (timeout, unavailable, error)",
                "filter", "backend", "reason");
        allowed = decisions.labelValues(filter, backend, "allowed");
        limited = decisions.labelValues(filter, backend, "limited");
        failedOpen = decisions.labelValues(filter, backend, "failed_open");
        failedClosed = decisions.labelValues(filter, backend, "failed_closed");
        timeouts = backendErrors.labelValues(filter, backend, "timeout");
        unavailable = backendErrors.labelValues(filter, backend, "unavailable");
        errors = backendErrors.labelValues(filter, backend, "error");
    }
}
