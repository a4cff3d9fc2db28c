package dev.gatehouse.engine.config;

import static dev.gatehouse.engine.route.RouteFixtures.caseInsensitive;
import static dev.gatehouse.engine.route.RouteFixtures.headers;
import static dev.gatehouse.engine.route.RouteFixtures.methods;
import static dev.gatehouse.engine.route.RouteFixtures.path;
import static dev.gatehouse.engine.route.RouteFixtures.prefix;
import static dev.gatehouse.engine.route.RouteFixtures.query;
import static dev.gatehouse.engine.route.RouteFixtures.regex;
import static dev.gatehouse.engine.route.RouteFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteShadowingTest {

    @Test
    void reportsTheShadowedRouteWithBothIndexes() {
        List<Shadowing> found = RouteShadowing.find(List.of(
                route("api", "v", prefix("/api")),
                route("other-host", "w", prefix("/api/users")),
                route("users", "v", prefix("/api/users"))));

        assertThat(found).containsExactly(
                new Shadowing("v", 2, "users", 0, "api", "prefix /api covers prefix /api/users"));
        assertThat(found.get(0).toString()).contains("routes[2] 'users'", "routes[0] 'api'");
    }

    @Test
    void prefixIsAPlainStringPrefixAsTheRouterMatchesIt() {
        assertThat(shadows(prefix("/api"), prefix("/api/users"))).isTrue();
        assertThat(shadows(prefix("/api"), prefix("/api"))).isTrue();
        assertThat(shadows(prefix("/api"), prefix("/apix"))).isTrue();
        assertThat(shadows(prefix("/api/"), prefix("/api/v1"))).isTrue();
        assertThat(shadows(prefix("/api"), path("/api/health"))).isTrue();
        assertThat(shadows(prefix("/api"), path("/apis"))).isTrue();
        assertThat(shadows(prefix("/api/users"), prefix("/api"))).isFalse();
        assertThat(shadows(prefix("/api/"), prefix("/api"))).isFalse();
        assertThat(shadows(prefix("/api"), path("/ap"))).isFalse();
    }

    @Test
    void samePathShadowsAndDifferentPathsDoNot() {
        assertThat(shadows(path("/health"), path("/health"))).isTrue();
        assertThat(shadows(path("/health"), path("/healthz"))).isFalse();
        assertThat(shadows(path("/health"), prefix("/health"))).isFalse();
    }

    @Test
    void aRegexShadowsNothingAndIsShadowedOnlyByAnIdenticalMatch() {
        assertThat(shadows(regex("/.*"), prefix("/a"))).isFalse();
        assertThat(shadows(regex("/.*"), path("/a"))).isFalse();
        // OPTIONS * has the path *, which a regex may take and prefix / refuses
        assertThat(shadows(prefix("/"), regex("/x.*"))).isFalse();
        assertThat(shadows(regex("/x.*"), regex("/x.*"))).isTrue();
    }

    @Test
    void earlierRouteWithAnyOtherConditionShadowsOnlyAnIdenticalMatch() {
        RouteMatch getOnly = methods(prefix("/"), "GET");
        RouteMatch canary = headers(prefix("/"), new HeaderMatch("x-canary", null, null, true, false));
        RouteMatch debug = query(prefix("/"), new QueryMatch("debug", null, null, true));

        assertThat(shadows(getOnly, prefix("/a"))).isFalse();
        assertThat(shadows(canary, prefix("/a"))).isFalse();
        assertThat(shadows(debug, prefix("/a"))).isFalse();
        assertThat(shadows(getOnly, getOnly)).isTrue();
        assertThat(shadows(canary, canary)).isTrue();
        assertThat(shadows(debug, debug)).isTrue();
        // conditions on the later route do not save it
        assertThat(shadows(prefix("/"), methods(prefix("/a"), "GET"))).isTrue();
        assertThat(shadows(prefix("/"), canary)).isTrue();
    }

    @Test
    void caseSensitivityIsTakenIntoAccount() {
        assertThat(shadows(caseInsensitive(prefix("/API")), prefix("/api/x"))).isTrue();
        assertThat(shadows(caseInsensitive(prefix("/API")), prefix("/API/x"))).isTrue();
        assertThat(shadows(caseInsensitive(prefix("/API")), caseInsensitive(prefix("/Api/x")))).isTrue();
        assertThat(shadows(prefix("/api"), prefix("/API/x"))).isFalse();
        // the later route also takes /API/x, which the case-sensitive earlier one refuses
        assertThat(shadows(prefix("/api"), caseInsensitive(prefix("/api/x")))).isFalse();
        // ... unless the earlier prefix has no letters to disagree on
        assertThat(shadows(prefix("/"), caseInsensitive(prefix("/api")))).isTrue();
        assertThat(shadows(caseInsensitive(path("/Health")), path("/health"))).isTrue();
        assertThat(shadows(path("/health"), caseInsensitive(path("/health")))).isFalse();
    }

    @Test
    void eachShadowedRouteIsReportedOnceAgainstTheFirstCulprit() {
        List<Shadowing> found = RouteShadowing.find(List.of(
                route("root", "v", prefix("/")),
                route("api", "v", prefix("/api")),
                route("users", "v", prefix("/api/users"))));

        assertThat(found).extracting(Shadowing::route, Shadowing::shadowedBy)
                .containsExactly(tuple("api", "root"), tuple("users", "root"));
    }

    /** Whether {@code later} is reported as shadowed by {@code earlier} in one virtual host. */
    private static boolean shadows(RouteMatch earlier, RouteMatch later) {
        return !RouteShadowing.find(List.of(route("early", "v", earlier), route("late", "v", later))).isEmpty();
    }
}
