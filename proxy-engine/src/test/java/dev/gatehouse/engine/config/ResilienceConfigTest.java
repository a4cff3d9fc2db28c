package dev.gatehouse.engine.config;

import static dev.gatehouse.engine.config.ConfigFixtures.LOADER;
import static dev.gatehouse.engine.config.ConfigFixtures.errors;
import static dev.gatehouse.engine.config.ConfigFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.config.HealthCheck.StatusRange;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** circuit_breakers, outlier_detection, health_check, panic_threshold and demo backend faults. */
class ResilienceConfigTest {
    private static final String FULL = """
            clusters:
              - name: api
                endpoints: [{backend: flaky}, {address: 127.0.0.1:9001}]
                circuit_breakers: {max_connections: 10, max_pending_requests: 0, max_requests: 20, max_retries: 1}
                outlier_detection:
                  interval: 100ms
                  base_ejection_time: 1s
                  max_ejection_time: 10s
                  max_ejection_percent: 50
                  consecutive_5xx: 3
                  enforcing_consecutive_5xx: 50
                  consecutive_gateway_failure: 2
                  enforcing_consecutive_gateway_failure: 100
                  success_rate_minimum_hosts: 2
                  success_rate_request_volume: 10
                  success_rate_stdev_factor: 1.5
                  enforcing_success_rate: 0
                  failure_percentage_threshold: 5
                  failure_percentage_minimum_hosts: 2
                  failure_percentage_request_volume: 20
                  enforcing_failure_percentage: 100
                health_check:
                  path: /healthz
                  expected_statuses: [200, "300-399"]
                  host: health.internal
                  interval: 2s
                  timeout: 500ms
                  jitter: 100ms
                  healthy_threshold: 1
                  unhealthy_threshold: 4
                  initial_state: healthy
                panic_threshold: 30
              - name: tcp
                endpoints: [{address: 127.0.0.1:9002}]
                health_check: {type: tcp}
                outlier_detection: {}
            demo_backends:
              - {name: flaky, kind: echo, failure_rate: 0.1, failure_status: 500, latency: 20ms, latency_jitter: 5ms}
            """;

    @Test
    void bindsEveryField() {
        GatewayConfig config = load(FULL);
        ClusterConfig api = config.clusters().get(0);
        assertThat(api.circuitBreakers()).isEqualTo(new CircuitBreakers(10, 0, 20, 1));
        assertThat(api.outlierDetection()).isEqualTo(new OutlierDetection(Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(10), 50, 3, 50, 2, 100, 2, 10, 1.5, 0, 5, 2, 20, 100));
        assertThat(api.healthCheck()).isEqualTo(new HealthCheck(HealthCheck.Kind.HTTP, "/healthz",
                List.of(new StatusRange(200, 200), new StatusRange(300, 399)), "health.internal", Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofMillis(100), 1, 4, true));
        assertThat(api.panicThreshold()).isEqualTo(30);
        ClusterConfig tcp = config.clusters().get(1);
        assertThat(tcp.healthCheck()).isEqualTo(new HealthCheck(HealthCheck.Kind.TCP, null, List.of(), null,
                HealthCheck.DEFAULT_INTERVAL, HealthCheck.DEFAULT_TIMEOUT, Duration.ZERO, 2, 3, false));
        assertThat(tcp.outlierDetection()).isEqualTo(OutlierDetection.DEFAULTS);
        assertThat(tcp.circuitBreakers()).isEqualTo(CircuitBreakers.DEFAULTS);
        assertThat(tcp.panicThreshold()).isEqualTo(50);
        assertThat(config.demoBackends().get(0).faults())
                .isEqualTo(new BackendFaults(0.1, 500, Duration.ofMillis(20), Duration.ofMillis(5)));
    }

    @Test
    void defaultsAreEnvoys() {
        assertThat(CircuitBreakers.DEFAULTS).isEqualTo(new CircuitBreakers(1024, 1024, 1024, 3));
        GatewayConfig config = load("clusters: [{name: a, endpoints: [{address: 127.0.0.1:1}]}]\n");
        assertThat(config.clusters().get(0).outlierDetection()).isNull();
        assertThat(config.clusters().get(0).healthCheck()).isNull();
    }

    @Test
    void roundTripsThroughYamlAndJson() {
        GatewayConfig config = load(FULL);
        String yaml = ConfigExporter.toYaml(config);
        assertThat(LOADER.load(yaml, "exported.yaml").config()).as(yaml).isEqualTo(config);
        assertThat(LOADER.load(ConfigExporter.toJson(config), "exported.json").config()).isEqualTo(config);
        assertThat(yaml).contains("outlier_detection: {}").contains("type: tcp").contains("failure_rate: 0.1")
                .contains("success_rate_stdev_factor: 1.5");
    }

    @Test
    void badValuesAreLocated() {
        assertThat(errors("""
                clusters:
                  - name: a
                    endpoints: [{address: 127.0.0.1:1}]
                    circuit_breakers: {max_requests: 0, max_retrys: 2}
                    outlier_detection: {max_ejection_percent: 101, base_ejection_time: 10s, max_ejection_time: 1s}
                    health_check: {interval: 0, expected_statuses: [200, "2xx"]}
                    panic_threshold: -1
                  - name: b
                    endpoints: [{address: 127.0.0.1:1}]
                    health_check: {type: tcp, path: /x}
                  - name: c
                    endpoints: [{address: 127.0.0.1:1}]
                    health_check: {type: udp}
                demo_backends:
                  - {name: s, kind: sink, latency: 1s}
                  - {name: e, kind: echo, failure_rate: 1.5, failure_status: 200}
                """)).containsExactly(
                "test.yaml:4:38: clusters[0].circuit_breakers.max_requests: must be between 1 and 1000000000, got 0",
                "test.yaml:4:41: clusters[0].circuit_breakers.max_retrys: unknown field 'max_retrys' (did you mean 'max_retries'?)",
                "test.yaml:5:47: clusters[0].outlier_detection.max_ejection_percent: must be between 0 and 100, got 101",
                "test.yaml:5:96: clusters[0].outlier_detection.max_ejection_time: must be at least base_ejection_time (10s)",
                "test.yaml:6:19: clusters[0].health_check: an http health check needs a 'path', e.g. /healthz",
                "test.yaml:6:30: clusters[0].health_check.interval: must be greater than 0",
                "test.yaml:6:58: clusters[0].health_check.expected_statuses[1]: expected a status such as 200 or a range such as 200-299, got '2xx'",
                "test.yaml:7:22: clusters[0].panic_threshold: must be between 0 and 100, got -1",
                "test.yaml:10:37: clusters[1].health_check.path: 'path' applies to http health checks only; this one is tcp",
                "test.yaml:13:26: clusters[2].health_check.type: expected one of http, tcp, got 'udp'",
                "test.yaml:15:36: demo_backends[0].latency: 'latency' applies to echo, web and stream backends, not sink",
                "test.yaml:16:41: demo_backends[1].failure_rate: must be between 0 and 1, got 1.5",
                "test.yaml:16:62: demo_backends[1].failure_status: must be between 400 and 599, got 200");
    }
}
