package dev.gatehouse.engine.route;

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

import dev.gatehouse.engine.config.HeaderMatch;
import dev.gatehouse.engine.config.QueryMatch;
import dev.gatehouse.engine.config.RouteMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShadowingTest {

    /** Whether {@code later} is reported as shadowed by {@code earlier} in one virtual host. */
    private static boolean shadows(RouteMatch earlier, RouteMatch later) {
        return !RouteTable.findShadowedRoutes(List.of(route("early", "v", earlier), route("late", "v", later))).isEmpty();
    }

    @Test
    void reportsTheShadowedRouteWithBothIndexes() {
        List<Shadowing> found = RouteTable.findShadowedRoutes(List.of(
                route("api", "v", prefix("/api")),
                route("other-host", "w", prefix("/api/users")),
                route("users", "v", prefix("/api/users"))));

        assertThat(found).containsExactly(
                new Shadowing("v", 2, "users", 0, "api", "prefix /api covers prefix /api/users"));
        assertThat(found.get(0).toString()).contains("routes[2] 'users'", "routes[0] 'api'");
    }

    @Test
    void prefixCoversLongerPrefixesAndExactPathsUnderIt() {
        assertThat(shadows(prefix("/api"), prefix("/api/users"))).isTrue();
        assertThat(shadows(prefix("/api"), prefix("/api"))).isTrue();
        assertThat(shadows(prefix("/api"), prefix("/apix"))).isTrue();
        assertThat(shadows(prefix("/api"), path("/api/health"))).isTrue();
        assertThat(shadows(prefix("/"), regex("/x.*"))).isFalse();
        assertThat(shadows(prefix("/api/users"), prefix("/api"))).isFalse();
        assertThat(shadows(prefix("/api"), path("/ap"))).isFalse();
    }

    @Test
    void samePathShadowsAndDifferentPathsDoNot() {
        assertThat(shadows(path("/health"), path("/health"))).isTrue();
        assertThat(shadows(path("/health"), path("/healthz"))).isFalse();
        assertThat(shadows(path("/health"), prefix("/health"))).isFalse();
    }

    @Test
    void earlierRouteWithAnyOtherConditionShadowsNothing() {
        assertThat(shadows(methods(prefix("/"), "GET"), prefix("/a"))).isFalse();
        assertThat(shadows(headers(prefix("/"), new HeaderMatch("x", null, null, true, false)), prefix("/a"))).isFalse();
        assertThat(shadows(query(prefix("/"), new QueryMatch("x", null, null, true)), prefix("/a"))).isFalse();
        // conditions on the later route do not save it
        assertThat(shadows(prefix("/"), methods(prefix("/a"), "GET"))).isTrue();
    }

    @Test
    void caseSensitivityIsTakenIntoAccount() {
        assertThat(shadows(caseInsensitive(prefix("/API")), prefix("/api/x"))).isTrue();
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
        List<Shadowing> found = RouteTable.findShadowedRoutes(List.of(
                route("root", "v", prefix("/")),
                route("api", "v", prefix("/api")),
                route("users", "v", prefix("/api/users"))));

        assertThat(found).extracting(Shadowing::route, Shadowing::shadowedBy)
                .containsExactly(tuple("api", "root"),
                        tuple("users", "root"));
    }
}
