package dev.gatehouse.engine.config;

import static dev.gatehouse.engine.config.ConfigFixtures.LOADER;
import static dev.gatehouse.engine.config.ConfigFixtures.errors;
import static dev.gatehouse.engine.config.ConfigFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.ClusterConfig.ConnectionPoolSettings;
import dev.gatehouse.engine.config.ClusterConfig.Discovery;
import dev.gatehouse.engine.config.ClusterConfig.HashPolicy;
import dev.gatehouse.engine.config.ClusterConfig.UpstreamProtocol;
import dev.gatehouse.engine.config.RetryPolicy.RetryBudget;
import dev.gatehouse.engine.config.RetryPolicy.RetryOn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final GatewayConfig FULL = load(ConfigFixtures.fullYaml());

    @Test
    void emptyDocumentIsAllDefaults() {
        GatewayConfig config = load("");

        assertThat(config).isEqualTo(new GatewayConfig(EngineSettings.DEFAULTS, AdminConfig.DEFAULTS,
                List.of(), List.of(), List.of(), List.of(), List.of()));
    }

    @Test
    void minimalProxyGetsDefaultsAndTheImplicitDefaultVirtualHost() {
        GatewayConfig config = load("""
                listeners:
                  - {name: public, address: 0.0.0.0:8080}
                routes:
                  - {match: {prefix: /}, cluster: web}
                clusters:
                  - {name: web, endpoints: [{address: 127.0.0.1:9001}]}
                """);

        assertThat(config.listeners()).containsExactly(new ListenerConfig("public", new HostPort("0.0.0.0", 8080),
                List.of(), true, null, 0, ListenerLimits.DEFAULTS));
        assertThat(config.virtualHosts()).containsExactly(VirtualHostConfig.IMPLICIT_DEFAULT);
        assertThat(config.routes()).containsExactly(new RouteConfig("route-0", "default", RouteMatch.prefix("/"),
                new RouteAction.Cluster("web"), null, Duration.ofSeconds(15), null, HeaderMutations.NONE,
                HeaderMutations.NONE));
        assertThat(config.clusters()).containsExactly(new ClusterConfig("web", Discovery.STATIC,
                List.of(new EndpointConfig(new HostPort("127.0.0.1", 9001), null, 1)), "round_robin", null,
                Duration.ofSeconds(5), Duration.ofSeconds(30), UpstreamProtocol.HTTP1, null, ConnectionPoolSettings.DEFAULTS));
    }

    @Test
    void engineAndAdmin() {
        assertThat(FULL.engine()).isEqualTo(new EngineSettings(2, Duration.ofSeconds(10), 5, EngineSettings.SocketApi.NIO));
        assertThat(FULL.admin()).isEqualTo(new AdminConfig(true, new HostPort("127.0.0.1", 9902), "secret"));
    }

    @Test
    void listenersWithLimitsInSizesAndDurations() {
        assertThat(FULL.listeners()).containsExactly(
                new ListenerConfig("public", new HostPort("0.0.0.0", 8080), List.of("api"), false, null, 1,
                        new ListenerLimits(4096, 65536, 50, Duration.ofMinutes(2), Duration.ofSeconds(5), 100)),
                new ListenerConfig("internal", new HostPort("127.0.0.1", 8081), List.of(), true, null, 0,
                        ListenerLimits.DEFAULTS));
    }

    @Test
    void virtualHostDomainsAreLowerCasedAndTheImplicitDefaultComesLast() {
        assertThat(FULL.virtualHosts()).containsExactly(
                new VirtualHostConfig("api", List.of("api.example.com", "*.example.com", "api.*")),
                VirtualHostConfig.IMPLICIT_DEFAULT);
    }

    @Test
    void routeWithEveryMatchConditionRewriteRetryAndHeaderEdits() {
        var match = new RouteMatch("/service/echo", null, null, false, List.of("GET", "POST"),
                List.of(new HeaderMatch("x-canary", "1", null, null, false),
                        new HeaderMatch("x-debug", null, "^(on|yes)$", null, true),
                        new HeaderMatch("x-present", null, null, true, false),
                        new HeaderMatch("x-absent", null, null, false, false)),
                List.of(new QueryMatch("debug", null, null, true),
                        new QueryMatch("v", "2", null, null),
                        new QueryMatch("w", null, "[0-9]+", null)));
        var retry = new RetryPolicy(Set.of(RetryOn.values()), 2, Duration.ofSeconds(2), Duration.ofMillis(50),
                Duration.ofSeconds(1), new RetryBudget(12.5, 5));

        assertThat(FULL.routes().get(0)).isEqualTo(new RouteConfig("echo", "api", match,
                new RouteAction.Cluster("echo"), new Rewrite("/", null, null, "internal.svc"), Duration.ofSeconds(30),
                retry, new HeaderMutations(List.of("x-internal"), Map.of("x-a", "1"), Map.of("x-b", "2")),
                new HeaderMutations(List.of("server"), Map.of(), Map.of())));
    }

    @Test
    void unnamedRouteIsNamedByIndexAndRetryGetsDefaults() {
        RouteConfig route = FULL.routes().get(1);

        assertThat(route.name()).isEqualTo("route-1");
        assertThat(route.match().regex()).isEqualTo("^/v1/(.*)$");
        assertThat(route.action()).isEqualTo(new RouteAction.WeightedClusters(List.of(
                new RouteAction.WeightedCluster("echo", 90), new RouteAction.WeightedCluster("web", 10))));
        assertThat(route.rewrite()).isEqualTo(new Rewrite(null, "^/v1/(.*)", "/\\1", null));
        assertThat(route.timeout()).isEqualTo(Duration.ZERO);
        assertThat(route.retry()).isEqualTo(new RetryPolicy(Set.of(RetryOn.RESET), 1, Duration.ZERO,
                Duration.ofMillis(25), Duration.ofMillis(250), RetryBudget.DEFAULTS));
    }

    @Test
    void directResponseAndRedirect() {
        assertThat(FULL.routes().get(2).action()).isEqualTo(new RouteAction.DirectResponse(200, "hi", "text/plain"));
        assertThat(FULL.routes().get(3).virtualHost()).isEqualTo("default");
        assertThat(FULL.routes().get(3).action()).isEqualTo(
                new RouteAction.Redirect("https", "example.com", 8443, null, "/new", 308, true));
    }

    @Test
    void clustersWithBackendsHashingDnsAndPools() {
        assertThat(FULL.clusters()).containsExactly(
                new ClusterConfig("echo", Discovery.STATIC,
                        List.of(new EndpointConfig(null, "echo", 1),
                                new EndpointConfig(new HostPort("127.0.0.1", 9001), null, 3)),
                        "ring_hash", new HashPolicy("x-user", null, false), Duration.ofMillis(250),
                        Duration.ofSeconds(30), UpstreamProtocol.HTTP2, null,
                        new ConnectionPoolSettings(16, Duration.ofSeconds(30), 8)),
                new ClusterConfig("web", Discovery.DNS, List.of(new EndpointConfig(new HostPort("web.internal", 80), null, 1)),
                        "least_request", null, Duration.ofSeconds(5), Duration.ofMinutes(1), UpstreamProtocol.HTTP1,
                        null, ConnectionPoolSettings.DEFAULTS));
    }

    @Test
    void demoBackends() {
        assertThat(FULL.demoBackends()).containsExactly(
                new DemoBackendConfig("echo", "echo", new HostPort("127.0.0.1", 0), Map.of("failure_rate", "0.1"), null),
                new DemoBackendConfig("web-1", "web", new HostPort("127.0.0.1", 9100), Map.of(), null));
    }

    @Test
    void jsonLoadsLikeYamlEvenWithTabs() {
        String json = "{\n\t\"listeners\": [{\"name\": \"public\", \"address\": \"0.0.0.0:8080\"}],\n"
                + "\t\"routes\": [{\"match\": {\"prefix\": \"/\"}, \"direct_response\": {\"status\": 204}}]\n}\n";

        GatewayConfig fromJson = LOADER.load(json, "inline").config();

        assertThat(fromJson).isEqualTo(load("""
                listeners: [{name: public, address: 0.0.0.0:8080}]
                routes: [{match: {prefix: /}, direct_response: {status: 204}}]
                """));
    }

    @Test
    void jsonSyntaxErrorsAreLocated() {
        assertThat(errors2("{\n  \"engine\": {\"workers\": 1,}\n}", "gw.json")).singleElement().asString()
                .startsWith("gw.json:2:27: syntax error: Unexpected character ('}'");
    }

    @Test
    void environmentPlaceholdersAreResolvedInStrings() {
        var loader = new ConfigLoader(Map.of("ADMIN_TOKEN", "s3cret", "PORT", "9443")::get);

        GatewayConfig config = loader.load("""
                admin: {token: "${ADMIN_TOKEN}", address: "127.0.0.1:${PORT}"}
                demo_backends:
                  - {name: echo, kind: echo, settings: {greeting: "${GREETING:-hello}", literal: "$${NOT_A_VAR}"}}
                """, "env.yaml").config();

        assertThat(config.admin()).isEqualTo(new AdminConfig(true, new HostPort("127.0.0.1", 9443), "s3cret"));
        assertThat(config.demoBackends().get(0).settings())
                .containsExactly(Map.entry("greeting", "hello"), Map.entry("literal", "${NOT_A_VAR}"));
    }

    @Test
    void loadsFilesAndNamesThemInErrors(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.yaml"), "engine: {workers: 3}\n");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "engine: {workers: -1}\n");

        assertThat(LOADER.load(good).config().engine().workers()).isEqualTo(3);
        assertThatThrownBy(() -> LOADER.load(bad))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid config (1 error):\n  " + bad + ":1:19: engine.workers: must be between 0 and 1024, got -1");
    }

    @Test
    void unreadableFileIsAnErrorWithoutPosition(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> LOADER.load(missing))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> {
                            assertThat(error.line()).isZero();
                            assertThat(error.toString()).startsWith(missing + ": cannot read the file: ");
                        }));
    }

    @Test
    void booleanLikeWordsStayStrings() {
        GatewayConfig config = load("""
                demo_backends: [{name: web, kind: web, settings: {country: no, enabled: on}}]
                """);

        assertThat(config.demoBackends().get(0).settings()).containsEntry("country", "no").containsEntry("enabled", "on");
    }

    @Test
    void aRecordIsValidatedLikeTheDocumentItCameFromWhateverItsSourceIsCalled() {
        ConfigLoader.validate(FULL, "test");
        ConfigLoader.validate(FULL, "/etc/gatehouse/gateway.json"); // the canonical text is YAML all the same
    }

    @Test
    void aRecordWithErrorsIsRejectedWithEveryErrorByPathWithoutPositions() {
        GatewayConfig config = load("""
                routes: [{name: all, match: {prefix: /}, cluster: web}]
                clusters: [{name: web, endpoints: [{address: "127.0.0.1:8080"}]}]
                """);
        RouteConfig route = config.routes().get(0);
        GatewayConfig broken = config.withRoutes(List.of(route, route)).withClusters(List.of());

        assertThatThrownBy(() -> ConfigLoader.validate(broken, "edited"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.errors()).allSatisfy(error -> {
                        assertThat(error.source()).isEqualTo("edited");
                        assertThat(error.line()).isZero();
                    });
                    assertThat(e.errors()).extracting(ConfigError::path)
                            .containsExactly("routes[0].cluster", "routes[1].name", "routes[1].cluster");
                });
    }

    private static List<String> errors2(String text, String source) {
        try {
            LOADER.load(text, source);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected errors");
    }
}
