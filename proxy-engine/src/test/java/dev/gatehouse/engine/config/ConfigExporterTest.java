package dev.gatehouse.engine.config;

import static dev.gatehouse.engine.config.ConfigFixtures.LOADER;
import static dev.gatehouse.engine.config.ConfigFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.config.ClusterConfig.ConnectionPoolSettings;
import dev.gatehouse.engine.config.ClusterConfig.Discovery;
import dev.gatehouse.engine.config.ClusterConfig.HashPolicy;
import dev.gatehouse.engine.config.ClusterConfig.UpstreamProtocol;
import dev.gatehouse.engine.config.RetryPolicy.RetryBudget;
import dev.gatehouse.engine.config.RetryPolicy.RetryOn;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigExporterTest {

    @Test
    void writesCanonicalYamlLeavingOutDefaults() {
        GatewayConfig config = load("""
                routes:
                  - match: {prefix: /}
                    cluster: web
                    timeout: 15000ms
                    retry: {on: [reset, 5xx], backoff: {base: 25ms, max: 120s}}
                listeners:
                  - {name: public, address: 0.0.0.0:8080, http2: true, limits: {max_header_bytes: 131072, idle_timeout: 60s}}
                clusters:
                  - {name: web, lb_policy: round_robin, endpoints: [{address: 127.0.0.1:9001, weight: 1}], connect_timeout: 5s}
                engine: {workers: 0, drain_time: 5s}
                """);

        assertThat(ConfigExporter.toYaml(config)).isEqualTo("""
                listeners:
                  - name: public
                    address: 0.0.0.0:8080
                    limits:
                      max_header_bytes: 128KiB
                routes:
                  - match:
                      prefix: /
                    cluster: web
                    retry:
                      "on":
                        - 5xx
                        - reset
                      backoff:
                        max: 2m
                clusters:
                  - name: web
                    endpoints:
                      - address: 127.0.0.1:9001
                """);
    }

    @Test
    void anAllDefaultConfigIsAnEmptyDocument() {
        assertThat(ConfigExporter.toYaml(load(""))).isEqualTo("{}\n");
        assertThat(load(ConfigExporter.toYaml(load("")))).isEqualTo(load(""));
    }

    @Test
    void fullConfigRoundTripsThroughYamlAndJson() {
        GatewayConfig config = load(ConfigFixtures.fullYaml());

        assertRoundTrips(config);
    }

    @Test
    void builtConfigWithAwkwardValuesRoundTrips() {
        assertRoundTrips(awkwardConfig());
    }

    @Test
    void headersOnlyCaptureRoundTrips() {
        assertRoundTrips(load("observability: {capture: {headers: true}}"));
    }

    @Test
    void exportIsStable() {
        GatewayConfig config = awkwardConfig();
        String once = ConfigExporter.toYaml(config);

        assertThat(ConfigExporter.toYaml(load(once))).isEqualTo(once);
        assertThat(ConfigExporter.toYaml(config)).isEqualTo(once);
    }

    @Test
    void anExplicitDefaultVirtualHostIsKeptWhereverItStands() {
        GatewayConfig first = load("""
                virtual_hosts:
                  - {name: default, domains: ["*"]}
                  - {name: api, domains: [api.example.com]}
                routes:
                  - {match: {prefix: /}, direct_response: {status: 200}}
                """);
        GatewayConfig unused = load("""
                virtual_hosts:
                  - {name: api, domains: [api.example.com]}
                  - {name: default, domains: ["*"]}
                """);

        assertRoundTrips(first);
        assertRoundTrips(unused);
        assertThat(ConfigExporter.toYaml(unused)).contains("name: default");
    }

    private static void assertRoundTrips(GatewayConfig config) {
        String yaml = ConfigExporter.toYaml(config);
        String json = ConfigExporter.toJson(config);

        assertThat(LOADER.load(yaml, "exported.yaml").config()).as(yaml).isEqualTo(config);
        assertThat(LOADER.load(json, "exported.json").config()).as(json).isEqualTo(config);
    }

    /** Every action type, and strings that YAML would misread if written plainly. */
    private static GatewayConfig awkwardConfig() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("null", "null");
        settings.put("tilde", "~");
        settings.put("yes", "yes");
        settings.put("number", "0.10");
        settings.put("empty", "");
        settings.put("placeholder", "${NOT_RESOLVED} and $${twice}");
        settings.put("unicode", "grüße ✓");
        settings.put("quotes", "it's \"quoted\": # not a comment");
        var listeners = List.of(
                new ListenerConfig("v6", new HostPort("::1", 8443), List.of("default", "api"), true, null, 2,
                        new ListenerLimits(1000, 1 << 20, 7, Duration.ofMillis(1500), Duration.ofHours(1), 1)));
        var virtualHosts = List.of(
                new VirtualHostConfig("api", List.of("*.example.com", "api.*", "api.example.com:8080")),
                VirtualHostConfig.IMPLICIT_DEFAULT);
        var retry = new RetryPolicy(Set.of(RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE), 0, Duration.ofMinutes(90),
                Duration.ofMillis(1), Duration.ofMillis(1001), new RetryBudget(0.1 + 0.2, 0));
        var routes = List.of(
                new RouteConfig("route-1", "default", RouteMatch.prefix("/"), new RouteAction.DirectResponse(503,
                        "  indented first line\nsecond: line\n\n", null), null, Duration.ofMillis(1), null,
                        new HeaderMutations(List.of(), Map.of("x-empty", ""), Map.of()), HeaderMutations.NONE),
                new RouteConfig("route-1x", "api", new RouteMatch(null, "/exact", null, true, List.of("PURGE"),
                        List.of(new HeaderMatch("x-bool", "true", null, null, false)),
                        List.of(new QueryMatch("Mixed-Case", "", null, null))),
                        new RouteAction.WeightedClusters(List.of(new RouteAction.WeightedCluster("web", 1))),
                        new Rewrite(null, "[a-z]+", "", null), Duration.ZERO, retry, HeaderMutations.NONE,
                        HeaderMutations.NONE),
                new RouteConfig("route-2", "api", new RouteMatch(null, null, "/(a|b)\\d+", true, List.of(), List.of(),
                        List.of()), new RouteAction.Redirect(null, null, null, "/moved", null, 301, true), null,
                        RouteConfig.DEFAULT_TIMEOUT, null, HeaderMutations.NONE, HeaderMutations.NONE),
                new RouteConfig("route-3", "api", RouteMatch.prefix("/x"), new RouteAction.Cluster("web"), null,
                        RouteConfig.DEFAULT_TIMEOUT, null, HeaderMutations.NONE, HeaderMutations.NONE));
        var clusters = List.of(new ClusterConfig("web", Discovery.STATIC,
                List.of(new EndpointConfig(new HostPort("::1", 80), null, 1), new EndpointConfig(null, "echo", 5)),
                "maglev", new HashPolicy(null, null, true), Duration.ofSeconds(61), Duration.ofSeconds(1),
                UpstreamProtocol.HTTP1, null, new ConnectionPoolSettings(1024, Duration.ofSeconds(60), 0)));
        var demoBackends = List.of(new DemoBackendConfig("echo", "echo", new HostPort("localhost", 0), settings, null));
        return new GatewayConfig(new EngineSettings(0, Duration.ZERO, 20, EngineSettings.SocketApi.AUTO),
                new AdminConfig(false, new HostPort("0.0.0.0", 9901), "${literal}"),
                listeners, virtualHosts, routes, clusters, demoBackends);
    }
}
