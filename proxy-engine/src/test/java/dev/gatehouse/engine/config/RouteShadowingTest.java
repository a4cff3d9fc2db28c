package dev.gatehouse.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteShadowingTest {

    @Test
    void prefixCoversLongerPrefixesAndPathsOnlyAtSegmentBoundaries() {
        assertThat(RouteShadowing.shadows(RouteMatch.prefix("/api"), RouteMatch.prefix("/api"))).isTrue();
        assertThat(RouteShadowing.shadows(RouteMatch.prefix("/api"), RouteMatch.prefix("/api/v1"))).isTrue();
        assertThat(RouteShadowing.shadows(RouteMatch.prefix("/api/"), RouteMatch.prefix("/api/v1"))).isTrue();
        assertThat(RouteShadowing.shadows(RouteMatch.prefix("/api"), path("/api"))).isTrue();
        assertThat(RouteShadowing.shadows(RouteMatch.prefix("/api"), RouteMatch.prefix("/apis"))).isFalse();
        assertThat(RouteShadowing.shadows(RouteMatch.prefix("/api/v1"), RouteMatch.prefix("/api"))).isFalse();
    }

    @Test
    void caseSensitivityMustAgreeExceptForTheCatchAll() {
        var insensitive = new RouteMatch("/API", null, null, false, List.of(), List.of(), List.of());
        var insensitiveLonger = new RouteMatch("/api/X", null, null, false, List.of(), List.of(), List.of());

        assertThat(RouteShadowing.shadows(insensitive, insensitiveLonger)).isTrue();
        assertThat(RouteShadowing.shadows(insensitive, RouteMatch.prefix("/API/x"))).isFalse();
        assertThat(RouteShadowing.shadows(RouteMatch.prefix("/"), insensitiveLonger)).isTrue();
    }

    @Test
    void conditionsOnTheEarlierRouteMeanItLetsSomeRequestsThrough() {
        var getOnly = new RouteMatch("/", null, null, true, List.of("GET"), List.of(), List.of());

        assertThat(RouteShadowing.shadows(getOnly, RouteMatch.prefix("/x"))).isFalse();
        assertThat(RouteShadowing.shadows(getOnly, getOnly)).isTrue();
    }

    private static RouteMatch path(String path) {
        return new RouteMatch(null, path, null, true, List.of(), List.of(), List.of());
    }
}
