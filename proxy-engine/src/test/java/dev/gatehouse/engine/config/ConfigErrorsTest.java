package dev.gatehouse.engine.config;

import static dev.gatehouse.engine.config.ConfigFixtures.LOADER;
import static dev.gatehouse.engine.config.ConfigFixtures.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every kind of error the loader reports, each with its exact line, column and path. */
class ConfigErrorsTest {

    @Test
    void reportsEveryErrorOfTheDocumentInOnePassInDocumentOrder() {
        assertThat(errors("""
                listeners:
                  - name: public
                    adress: 0.0.0.0:8080
                  - name: public
                    address: 0.0.0.0:99999
                routes:
                  - match: {prefix: api}
                    cluster: missing
                    timeout: 15
                """)).containsExactly(
                "test.yaml:2:5: listeners[0].address: missing required field 'address'",
                "test.yaml:3:5: listeners[0].adress: unknown field 'adress' (did you mean 'address'?)",
                "test.yaml:4:11: listeners[1].name: duplicate listener name 'public' (first declared at line 2)",
                "test.yaml:5:14: listeners[1].address: port out of range 0..65535: 99999",
                "test.yaml:7:21: routes[0].match.prefix: must start with '/', got 'api'",
                "test.yaml:8:14: routes[0].cluster: unknown cluster 'missing'",
                "test.yaml:9:14: routes[0].timeout: a duration needs a unit, e.g. 15s or 15ms");
    }

    @Test
    void exceptionCarriesTheErrorsAndListsThemInItsMessage() {
        assertThatThrownBy(() -> LOADER.load("engine: {workers: x, versions_kept: 0}\n", "gw.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.errors()).containsExactly(
                            new ConfigError("gw.yaml", 1, 19, "engine.workers", "expected an integer, got 'x'"),
                            new ConfigError("gw.yaml", 1, 37, "engine.versions_kept", "must be between 1 and 1000, got 0"));
                    assertThat(e).hasMessage("""
                            invalid config (2 errors):
                              gw.yaml:1:19: engine.workers: expected an integer, got 'x'
                              gw.yaml:1:37: engine.versions_kept: must be between 1 and 1000, got 0""");
                });
    }

    @Test
    void yamlSyntaxErrorsAreLocatedWhereTheParserFoundThem() {
        assertThat(errors("""
                engine:
                  workers: 1
                 drain_time: 5s
                """)).containsExactly("test.yaml:3:2: YAML syntax error: while parsing a block mapping (line 1, column 1): "
                + "expected <block end>, but found '<block mapping start>' (check the indentation)");
        assertThat(errors("""
                admin:
                  token: "abc
                """)).containsExactly("test.yaml:3:1: YAML syntax error: while scanning a quoted scalar (line 2, column 10): "
                + "found unexpected end of stream");
    }

    @Test
    void theDocumentMustBeOneMapping() {
        assertThat(errors("[1, 2]\n")).containsExactly("test.yaml:1:1: expected a mapping, got a list");
        assertThat(errors("""
                engine: {workers: 1}
                ---
                engine: {workers: 2}
                """)).containsExactly("test.yaml:3:1: only one YAML document is allowed; remove the '---' separator");
    }

    @Test
    void unknownFieldsGetASuggestionOrTheFieldsAllowedThere() {
        assertThat(errors("""
                engine:
                  drainTime: 5s
                listener:
                  - name: x
                routes:
                  - match: {prefx: /}
                    direct_response: {status: 200}
                    frobnicate: true
                """)).containsExactly(
                "test.yaml:2:3: engine.drainTime: unknown field 'drainTime' (did you mean 'drain_time'?)",
                "test.yaml:3:1: listener: unknown field 'listener' (did you mean 'listeners'?)",
                "test.yaml:6:12: routes[0].match: needs a path condition: one of prefix, path, regex",
                "test.yaml:6:13: routes[0].match.prefx: unknown field 'prefx' (did you mean 'prefix'?)",
                "test.yaml:8:5: routes[0].frobnicate: unknown field 'frobnicate'; expected one of name, virtual_host, "
                        + "match, cluster, weighted_clusters, direct_response, redirect, rewrite, timeout, retry, "
                        + "request_headers, response_headers, filter_overrides");
    }

    @Test
    void wrongTypes() {
        assertThat(errors("""
                listeners:
                  - name: public
                    address: 0.0.0.0:8080
                    http2: "yes"
                    trusted_hops: 1.5
                    virtual_hosts: api
                    limits: [1]
                clusters:
                  - name: web
                    endpoints: {address: 127.0.0.1:80}
                """)).containsExactly(
                "test.yaml:4:12: listeners[0].http2: expected true or false, got 'yes'",
                "test.yaml:5:19: listeners[0].trusted_hops: expected an integer, got 1.5",
                "test.yaml:6:20: listeners[0].virtual_hosts: expected a list, got 'api'",
                "test.yaml:7:13: listeners[0].limits: expected a mapping, got a list",
                "test.yaml:10:16: clusters[0].endpoints: expected a list, got a mapping");
    }

    @Test
    void missingRequiredFieldsAreReportedWhereTheirMappingStarts() {
        assertThat(errors("""
                listeners:
                  - address: 0.0.0.0:8080
                virtual_hosts:
                  - name: api
                clusters:
                  - name: web
                demo_backends:
                  - name: echo
                routes:
                  - cluster: web
                    virtual_host: api
                """)).containsExactly(
                "test.yaml:2:5: listeners[0].name: missing required field 'name'",
                "test.yaml:4:5: virtual_hosts[0].domains: missing required field 'domains'",
                "test.yaml:6:5: clusters[0].endpoints: missing required field 'endpoints'",
                "test.yaml:8:5: demo_backends[0].kind: missing required field 'kind'",
                "test.yaml:10:5: routes[0].match: missing required field 'match'");
    }

    @Test
    void badValues() {
        assertThat(errors("""
                engine: {drain_time: 5 sec}
                listeners:
                  - name: public
                    address: "0.0.0.0:http"
                    limits: {max_header_bytes: 64KB, idle_timeout: 0}
                routes:
                  - match: {regex: "(unclosed"}
                    direct_response: {status: 700}
                  - match: {prefix: /r}
                    redirect: {host: example.com, status: 200}
                clusters:
                  - name: web
                    lb_policy: round_robbin
                    endpoints: [{address: "127.0.0.1:0"}]
                """)).containsExactly(
                "test.yaml:1:22: engine.drain_time: expected a duration such as 250ms, 15s, 2m or 1h, got '5 sec'",
                "test.yaml:4:14: listeners[0].address: port is not a number in '0.0.0.0:http'",
                "test.yaml:5:32: listeners[0].limits.max_header_bytes: unknown size unit 'KB'; use bytes or KiB, MiB, GiB (e.g. 64KiB)",
                "test.yaml:5:52: listeners[0].limits.idle_timeout: must be greater than 0",
                "test.yaml:7:20: routes[0].match.regex: invalid regex: error parsing regexp: missing closing ): `(unclosed`",
                "test.yaml:8:31: routes[0].direct_response.status: must be between 200 and 599, got 700",
                "test.yaml:10:43: routes[1].redirect.status: a redirect status must be 301, 302, 303, 307 or 308, got 200",
                "test.yaml:13:16: clusters[0].lb_policy: expected one of round_robin, weighted_round_robin, least_request, "
                        + "random, ring_hash, maglev, got 'round_robbin' (did you mean 'round_robin'?)",
                "test.yaml:14:27: clusters[0].endpoints[0].address: an endpoint needs a port between 1 and 65535");
    }

    @Test
    void duplicateNamesOfEveryKind() {
        assertThat(errors("""
                listeners:
                  - {name: a, address: 127.0.0.1:0}
                  - {name: a, address: 127.0.0.1:0}
                virtual_hosts:
                  - {name: v, domains: [x.com]}
                  - {name: v, domains: [y.com]}
                routes:
                  - {name: r, match: {prefix: /}, direct_response: {status: 200}}
                  - {name: r, match: {prefix: /x}, direct_response: {status: 200}}
                clusters:
                  - {name: c, endpoints: [{address: 127.0.0.1:1}]}
                  - {name: c, endpoints: [{address: 127.0.0.1:2}]}
                demo_backends:
                  - {name: d, kind: echo}
                  - {name: d, kind: echo}
                """)).containsExactly(
                "test.yaml:3:12: listeners[1].name: duplicate listener name 'a' (first declared at line 2)",
                "test.yaml:6:12: virtual_hosts[1].name: duplicate virtual host name 'v' (first declared at line 5)",
                "test.yaml:9:12: routes[1].name: duplicate route name 'r' (first declared at line 8)",
                "test.yaml:12:12: clusters[1].name: duplicate cluster name 'c' (first declared at line 11)",
                "test.yaml:15:12: demo_backends[1].name: duplicate demo backend name 'd' (first declared at line 14)");
    }

    @Test
    void defaultRouteNamesTakePartInUniquenessAndNamesStayPlain() {
        assertThat(errors("""
                routes:
                  - {match: {prefix: /a}, direct_response: {status: 200}}
                  - {name: route-0, match: {prefix: /b}, direct_response: {status: 200}}
                  - {name: "my route", match: {prefix: /c}, direct_response: {status: 200}}
                """)).containsExactly(
                "test.yaml:3:12: routes[1].name: duplicate route name 'route-0' (first declared at line 2)",
                "test.yaml:4:12: routes[2].name: invalid route name 'my route': use letters, digits, '.', '_' and '-', "
                        + "starting with a letter or digit");
    }

    @Test
    void unknownReferencesWithSuggestions() {
        assertThat(errors("""
                virtual_hosts:
                  - {name: api, domains: [api.example.com]}
                listeners:
                  - {name: public, address: 0.0.0.0:8080, virtual_hosts: [api, apii, default]}
                routes:
                  - {virtual_host: ap, match: {prefix: /}, cluster: webb}
                clusters:
                  - name: web
                    endpoints: [{backend: ech}]
                demo_backends:
                  - {name: echo, kind: echo}
                """)).containsExactly(
                "test.yaml:4:64: listeners[0].virtual_hosts[1]: unknown virtual host 'apii' (did you mean 'api'?)",
                "test.yaml:6:20: routes[0].virtual_host: unknown virtual host 'ap' (did you mean 'api'?)",
                "test.yaml:6:53: routes[0].cluster: unknown cluster 'webb' (did you mean 'web'?)",
                "test.yaml:9:27: clusters[0].endpoints[0].backend: unknown demo backend 'ech' (did you mean 'echo'?)");
    }

    @Test
    void addressesMustNotClashExceptOnPortZero() {
        assertThat(errors("""
                admin: {address: 127.0.0.1:9901}
                listeners:
                  - {name: a, address: 0.0.0.0:8080}
                  - {name: b, address: 127.0.0.1:8080}
                  - {name: c, address: 127.0.0.1:9901}
                  - {name: d, address: 127.0.0.1:0}
                  - {name: e, address: 127.0.0.1:0}
                demo_backends:
                  - {name: web, kind: web, address: "[::]:8080"}
                """)).containsExactly(
                "test.yaml:4:24: listeners[1].address: address 127.0.0.1:8080 is already used by listener 'a' (line 3)",
                "test.yaml:5:24: listeners[2].address: address 127.0.0.1:9901 is already used by the admin API (line 1)",
                "test.yaml:9:37: demo_backends[0].address: address [::]:8080 is already used by listener 'a' (line 3)");
    }

    @Test
    void theDefaultAdminAddressIsTakenUnlessAdminIsDisabled() {
        assertThat(errors("""
                listeners:
                  - {name: a, address: 127.0.0.1:9901}
                """)).containsExactly(
                "test.yaml:2:24: listeners[0].address: address 127.0.0.1:9901 is already used by the admin API");
        assertThat(ConfigFixtures.load("""
                admin: {enabled: false}
                listeners:
                  - {name: a, address: 127.0.0.1:9901}
                """).listeners()).hasSize(1);
    }

    @Test
    void weightedClusterWeightsMustBePositive() {
        assertThat(errors("""
                routes:
                  - match: {prefix: /}
                    weighted_clusters:
                      - {cluster: a, weight: 0}
                      - {cluster: b, weight: -5}
                      - {cluster: a, weight: 1}
                clusters:
                  - {name: a, endpoints: [{address: 127.0.0.1:1}]}
                  - {name: b, endpoints: [{address: 127.0.0.1:2}]}
                """)).containsExactly(
                "test.yaml:4:30: routes[0].weighted_clusters[0].weight: weight must be greater than 0, got 0",
                "test.yaml:5:30: routes[0].weighted_clusters[1].weight: weight must be greater than 0, got -5",
                "test.yaml:6:19: routes[0].weighted_clusters[2].cluster: cluster 'a' is listed twice");
    }

    @Test
    void exactlyOneOfRules() {
        assertThat(errors("""
                routes:
                  - match: {prefix: /, path: /x}
                  - match: {prefix: /}
                    cluster: web
                    direct_response: {status: 200}
                clusters:
                  - name: web
                    endpoints: [{address: 127.0.0.1:80, backend: echo}]
                demo_backends: [{name: echo, kind: echo}]
                """)).containsExactly(
                "test.yaml:2:5: routes[0]: needs an action: one of cluster, weighted_clusters, direct_response, redirect",
                "test.yaml:2:24: routes[0].match.path: 'path' cannot be combined with 'prefix'; set exactly one of prefix, path, regex",
                "test.yaml:5:5: routes[1].direct_response: 'direct_response' cannot be combined with 'cluster'; "
                        + "set exactly one of cluster, weighted_clusters, direct_response, redirect",
                "test.yaml:8:41: clusters[0].endpoints[0].backend: 'backend' cannot be combined with 'address'; "
                        + "set exactly one of address, backend");
    }

    @Test
    void headerQueryAndMethodConditions() {
        assertThat(errors("""
                routes:
                  - match:
                      prefix: /
                      methods: [GET, get, "B@D"]
                      headers:
                        - {name: x-a}
                        - {name: x-b, exact: "1", regex: "1"}
                        - {name: x-c, present: false}
                        - {name: "bad header", exact: y}
                      query:
                        - {name: q, present: false}
                    direct_response: {status: 200}
                """)).containsExactly(
                "test.yaml:4:22: routes[0].match.methods[1]: method GET is listed twice",
                "test.yaml:4:27: routes[0].match.methods[2]: invalid method 'B@D'",
                "test.yaml:6:11: routes[0].match.headers[0]: needs a header condition: one of exact, regex, present, absent",
                "test.yaml:7:35: routes[0].match.headers[1].regex: 'regex' cannot be combined with 'exact'; "
                        + "set exactly one of exact, regex, present, absent",
                "test.yaml:8:32: routes[0].match.headers[2].present: write 'absent: true' to require that the header is missing",
                "test.yaml:9:18: routes[0].match.headers[3].name: invalid header name 'bad header'",
                "test.yaml:11:30: routes[0].match.query[0].present: only 'present: true' is supported");
    }

    @Test
    void headerEditsMustNameEachHeaderOnce() {
        assertThat(errors("""
                routes:
                  - match: {prefix: /}
                    direct_response: {status: 200}
                    response_headers: {remove: [Server, server], set: {"x y": "1"}, add: {X-A: "1", x-a: "2"}}
                """)).containsExactly(
                "test.yaml:4:41: routes[0].response_headers.remove[1]: header 'server' is listed twice",
                "test.yaml:4:56: routes[0].response_headers.set.x y: invalid header name 'x y'",
                "test.yaml:4:85: routes[0].response_headers.add.x-a: header 'x-a' is listed twice");
    }

    @Test
    void rewriteAndRetryRules() {
        assertThat(errors("""
                routes:
                  - match: {path: /x}
                    direct_response: {status: 200}
                    rewrite: {prefix: /y}
                    retry: {on: [5xx]}
                  - match: {prefix: /p}
                    cluster: web
                    rewrite: {regex: "^/p"}
                    retry: {on: [5xxx], backoff: {base: 1s, max: 100ms}, budget: {percent: 0}}
                clusters: [{name: web, endpoints: [{address: 127.0.0.1:80}]}]
                """)).containsExactly(
                "test.yaml:4:14: routes[0].rewrite: rewrite applies only to routes that proxy (cluster or weighted_clusters)",
                "test.yaml:4:23: routes[0].rewrite.prefix: a prefix rewrite needs a route that matches on prefix",
                "test.yaml:5:12: routes[0].retry: retry applies only to routes that proxy (cluster or weighted_clusters)",
                "test.yaml:8:22: routes[1].rewrite.regex: needs 'substitution' as well",
                "test.yaml:9:18: routes[1].retry.on[0]: expected one of 5xx, gateway-error, connect-failure, reset, "
                        + "got '5xxx' (did you mean '5xx'?)",
                "test.yaml:9:50: routes[1].retry.backoff.max: must be at least base (1s)",
                "test.yaml:9:76: routes[1].retry.budget.percent: must be greater than 0 and at most 100, got 0");
    }

    @Test
    void virtualHostDomains() {
        assertThat(errors("""
                virtual_hosts:
                  - {name: a, domains: ["a*b.com", x.com]}
                  - {name: b, domains: [X.com]}
                """)).containsExactly(
                "test.yaml:2:25: virtual_hosts[0].domains[0]: invalid domain 'a*b.com': use a host name, '*.suffix', 'prefix.*' or '*'",
                "test.yaml:3:25: virtual_hosts[1].domains[0]: domain 'x.com' is already served by virtual host 'a' (line 2)");
    }

    @Test
    void theImplicitDefaultVirtualHostCannotShareTheCatchAllDomain() {
        assertThat(errors("""
                virtual_hosts:
                  - {name: all, domains: ["*"]}
                routes:
                  - {match: {prefix: /}, direct_response: {status: 200}}
                """)).containsExactly(
                "test.yaml:4:5: routes[0].virtual_host: this uses the implicit virtual host 'default' (domains ['*']), "
                        + "but virtual host 'all' already serves '*'; declare 'default' or name a virtual host");
    }

    @Test
    void duplicateKeysAndAliases() {
        assertThat(errors("""
                engine:
                  workers: 1
                  workers: 2
                demo_backends:
                  - {name: &n echo, kind: echo}
                  - {name: *n, kind: echo}
                """)).containsExactly(
                "test.yaml:3:3: engine.workers: duplicate key 'workers' (first at line 2)",
                "test.yaml:6:12: demo_backends[1].name: YAML aliases (*n) are not supported; repeat the value");
    }

    @Test
    void unsetEnvironmentVariable() {
        assertThat(errors("""
                admin: {token: "${ADMIN_TOKEN}"}
                """)).containsExactly("test.yaml:1:16: admin.token: environment variable ADMIN_TOKEN is not set "
                + "(write ${ADMIN_TOKEN:-fallback} to give a fallback)");
    }
}
