package dev.gatehouse.engine.config;

import static dev.gatehouse.engine.config.ConfigFixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigWarningsTest {

    @Test
    void routeShadowedByAnEarlierPrefixIsWarnedAboutWithItsLocation() {
        assertThat(warnings("""
                routes:
                  - name: api
                    match: {prefix: /api}
                    direct_response: {status: 200}
                  - name: api-v1
                    match: {prefix: /api/v1}
                    direct_response: {status: 201}
                """)).extracting(ConfigWarning::toString).containsExactly(
                "test.yaml:6:12: warning: routes[1].match: route 'api-v1' can never match: route 'api' (line 2) "
                        + "comes first and takes every request this one would (prefix /api covers prefix /api/v1)");
    }

    @Test
    void prefixShadowsLikeTheRouterMatchesItNotOnlyAtSegmentBoundaries() {
        assertThat(warnings("""
                routes:
                  - {name: api, match: {prefix: /api}, direct_response: {status: 200}}
                  - {name: apix, match: {prefix: /apix}, direct_response: {status: 200}}
                """)).extracting(ConfigWarning::toString).containsExactly(
                "test.yaml:3:25: warning: routes[1].match: route 'apix' can never match: route 'api' (line 2) "
                        + "comes first and takes every request this one would (prefix /api covers prefix /apix)");
    }

    @Test
    void catchAllShadowsEveryPrefixAndPathAfterIt() {
        assertThat(warnings("""
                routes:
                  - {name: all, match: {prefix: /}, direct_response: {status: 200}}
                  - {name: re, match: {regex: "/x.*"}, direct_response: {status: 200}}
                  - {name: get, match: {path: /y, methods: [GET]}, direct_response: {status: 200}}
                """)).extracting(ConfigWarning::line).containsExactly(4);
    }

    @Test
    void conditionsRegexesOtherVirtualHostsAndNearMissesAreNotShadowing() {
        assertThat(warnings("""
                virtual_hosts:
                  - {name: api, domains: [api.example.com]}
                routes:
                  - {match: {prefix: /api, headers: [{name: x-canary, present: true}]}, direct_response: {status: 200}}
                  - {match: {regex: "/api.*"}, direct_response: {status: 200}}
                  - {match: {prefix: /api}, direct_response: {status: 200}}
                  - {match: {prefix: /ap}, direct_response: {status: 200}}
                  - {virtual_host: api, match: {prefix: /api/v1}, direct_response: {status: 200}}
                  - {match: {prefix: /api/v2, case_sensitive: false}, direct_response: {status: 200}}
                  - {match: {path: /v3, methods: [GET]}, direct_response: {status: 200}}
                  - {match: {path: /v3, methods: [POST]}, direct_response: {status: 200}}
                """)).isEmpty();
    }

    @Test
    void hashOnWithoutAHashingPolicyAndPerTryTimeoutsThatCannotRetry() {
        assertThat(warnings("""
                routes:
                  - match: {prefix: /}
                    cluster: web
                    timeout: 5s
                    retry: {on: [5xx], per_try_timeout: 5s}
                clusters:
                  - name: web
                    endpoints: [{address: 127.0.0.1:80}]
                    hash_on: {cookie: sid}
                """)).extracting(ConfigWarning::toString).containsExactly(
                "test.yaml:5:41: warning: routes[0].retry.per_try_timeout: per_try_timeout 5s is not shorter than "
                        + "the route timeout 5s, so no retry will get to run after a timeout",
                "test.yaml:9:14: warning: clusters[0].hash_on: only ring_hash and maglev read hash_on; "
                        + "lb_policy 'round_robin' ignores it");
    }
}
