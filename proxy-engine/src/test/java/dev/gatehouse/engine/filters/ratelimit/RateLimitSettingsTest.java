package dev.gatehouse.engine.filters.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.ConfigError;
import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigExporter;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The filter's settings as the config loader checks them, and their export. */
class RateLimitSettingsTest {
    private static final ConfigLoader LOADER = new ConfigLoader();

    private static List<String> errors(String filterConfig) {
        String yaml = """
                filters:
                  - name: rl
                    type: rate_limit
                    config:
                %s
                listeners:
                  - name: l
                    address: 127.0.0.1:0
                    filters: [rl]
                routes:
                  - name: r
                    match: {prefix: /}
                    direct_response: {status: 200}
                """.formatted(filterConfig.indent(6).stripTrailing());
        try {
            LOADER.load(yaml, "rl.yaml");
            return List.of();
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::message).toList();
        }
    }

    @Test
    void aValidConfigLoads() {
        assertThat(errors("""
                failure_mode: closed
                response_headers: false
                limits:
                  - {name: per-ip, key: [client_ip], requests: 10, per: second, burst: 20}
                  - {name: per-tenant, key: ["header:X-Tenant", route], requests: 100, per: 10s}
                  - {name: per-sub, key: ["jwt_claim:sub"], requests: 1000, per: hour}
                  - {name: per-key, key: [api_key], requests: 5, per: minute}
                  - name: tiers
                    key: [consumer]
                    requests: 1
                    per: minute
                    tiers: {free: {requests: 5, per: minute}, pro: {requests: 100, per: minute, burst: 150}}
                """)).isEmpty();
    }

    @Test
    void mistakesAreReportedTogether() {
        assertThat(errors("""
                backend: memcached
                failure_mode: maybe
                limits:
                  - {name: a, key: [ip], requests: 0, per: fortnight}
                  - {name: a, key: ["header:"], tiers: {}}
                  - {name: c, key: [consumer], requests: 5, per: 1500ms}
                """)).contains(
                "expected local or redis, got 'memcached'",
                "expected open or closed, got 'maybe'",
                "unknown key part 'ip'; expected consumer, tier, api_key, client_ip, route, header:<name> or jwt_claim:<claim>",
                "expected a whole number from 1 to 1000000000",
                "two limits are named 'a'",
                "'header' needs a name: header:<name>",
                "expected a mapping of tier name to {requests, per, burst}",
                "the period must be whole seconds (the RateLimit-Policy header counts in seconds)");
    }

    @Test
    void aRedisBackendNeedsAUri() {
        assertThat(errors("""
                backend: redis
                redis: {command_timeout: 0}
                limits: [{name: a, key: [consumer], requests: 1, per: second}]
                """)).contains("give the Redis URI (redis://host:6379, rediss://..., redis-sentinel://...)",
                "must be more than 0");
    }

    @Test
    void limitsAreRequired() {
        assertThat(errors("backend: local")).contains("list at least one limit");
    }

    @Test
    void theLabConfigRoundTripsThroughExport() {
        GatewayConfig lab = LOADER.load(TestGateway.sample("lab3-traffic-cop.yaml")).config();
        assertThat(LOADER.load(ConfigExporter.toYaml(lab), "exported.yaml").config()).isEqualTo(lab);
        assertThat(LOADER.load(ConfigExporter.toJson(lab), "exported.json").config()).isEqualTo(lab);
    }

    @Test
    void errorsNameTheirPath() {
        assertThatThrownBy(() -> LOADER.load("""
                filters:
                  - name: rl
                    type: rate_limit
                    config:
                      limits: [{name: a, key: [consumer], requests: 5}]
                """, "rl.yaml")).isInstanceOf(ConfigException.class).hasMessageContaining("limits[0].per");
    }
}
