package dev.gatehouse.engine.route;

import static dev.gatehouse.engine.route.RouteFixtures.headers;
import static dev.gatehouse.engine.route.RouteFixtures.methods;
import static dev.gatehouse.engine.route.RouteFixtures.path;
import static dev.gatehouse.engine.route.RouteFixtures.prefix;
import static dev.gatehouse.engine.route.RouteFixtures.query;
import static dev.gatehouse.engine.route.RouteFixtures.request;
import static dev.gatehouse.engine.route.RouteFixtures.route;
import static dev.gatehouse.engine.route.RouteFixtures.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.config.HeaderMatch;
import dev.gatehouse.engine.config.QueryMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteDecisionTest {
    private final RouteTable table = RouteTable.compile(List.of(vhost("api", "api.test")), List.of(
            route("a", "api", prefix("/a")),
            route("canary", "api", headers(prefix("/"), new HeaderMatch("x-canary", "1", null, null, false))),
            route("writes", "api", methods(prefix("/"), "POST")),
            route("debug", "api", query(prefix("/"), new QueryMatch("debug", null, null, true))),
            route("health", "api", path("/health")),
            route("secret", "api", headers(prefix("/"), new HeaderMatch("authorization", "Bearer s3cret", null, null, false))),
            route("last", "api", prefix("/"))));

    @Test
    void withoutExplainingTheDecisionIsPrebuiltAndCarriesNoReasons() {
        RouteRequest req = request("GET", "api.test", "/x");

        RouteDecision first = table.match(req);

        assertThat(first.route().name()).isEqualTo("last");
        assertThat(first.mismatches()).isEmpty();
        assertThat(table.match(req)).isSameAs(first);
        assertThat(table.match(req, 0)).isSameAs(first);
    }

    @Test
    void explainingSaysWhyEachEarlierRouteDidNotMatch() {
        RouteDecision decision = table.match(request("GET", "api.test", "/x?debug", "x-canary", "0"), 10);

        assertThat(decision.route().name()).isEqualTo("debug");
        assertThat(decision.mismatches()).containsExactly(
                new RouteMismatch("a", "prefix /a did not match"),
                new RouteMismatch("canary", "header x-canary did not match exact value"),
                new RouteMismatch("writes", "method GET not in POST"));
    }

    @Test
    void explanationsStopAtTheLimitButMatchingGoesOn() {
        RouteDecision decision = table.match(request("GET", "api.test", "/x"), 2);

        assertThat(decision.route().name()).isEqualTo("last");
        assertThat(decision.mismatches()).extracting(RouteMismatch::route).containsExactly("a", "canary");
        assertThat(decision.mismatches().get(1).reason()).isEqualTo("header x-canary absent");
    }

    @Test
    void explanationsNeverQuoteHeaderOrQueryValues() {
        RouteDecision decision = table.match(request("GET", "api.test", "/x?debug=topsecret",
                "authorization", "Bearer guess", "x-canary", "hunter2"), 10);

        assertThat(decision.mismatches()).isNotEmpty();
        assertThat(decision.mismatches().toString()).doesNotContain("hunter2", "guess", "s3cret", "topsecret");
    }

    @Test
    void noRouteStillExplains() {
        RouteTable small = RouteTable.compile(List.of(), List.of(route("only", "default", path("/only"))));

        RouteDecision decision = small.match(request("GET", "any", "/other"), 5);

        assertThat(decision.isMatched()).isFalse();
        assertThat(decision.virtualHost().name()).isEqualTo("default");
        assertThat(decision.mismatches()).containsExactly(new RouteMismatch("only", "path /only did not match"));
    }
}
