package dev.gatehouse.engine.route;

import static dev.gatehouse.engine.route.RouteFixtures.get;
import static dev.gatehouse.engine.route.RouteFixtures.prefix;
import static dev.gatehouse.engine.route.RouteFixtures.route;
import static dev.gatehouse.engine.route.RouteFixtures.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.VirtualHostConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VirtualHostSelectionTest {
    private final RouteTable table = RouteTable.compile(
            List.of(vhost("any", "*"),
                    vhost("prefix-api", "api.*"),
                    vhost("prefix-api-v2", "api.v2.*"),
                    vhost("suffix", "*.example.com"),
                    vhost("suffix-deep", "*.eu.example.com"),
                    vhost("exact", "api.example.com", "Shop.Example.com"),
                    vhost("v6", "[::1]")),
            List.of());

    private String hostFor(String authority) {
        VirtualHost vh = table.virtualHostFor(authority);
        return vh == null ? null : vh.name();
    }

    @Test
    void exactDomainBeatsEveryWildcard() {
        // api.example.com also fits *.example.com, api.* and *
        assertThat(hostFor("api.example.com")).isEqualTo("exact");
    }

    @Test
    void longestSuffixWildcardBeatsShorterOneAndPrefixWildcards() {
        assertThat(hostFor("shop.eu.example.com")).isEqualTo("suffix-deep");
        assertThat(hostFor("api.eu.example.com")).isEqualTo("suffix-deep");
        assertThat(hostFor("www.example.com")).isEqualTo("suffix");
    }

    @Test
    void suffixWildcardMatchesSeveralLabelsButNotTheBareDomain() {
        assertThat(hostFor("a.b.example.com")).isEqualTo("suffix");
        assertThat(hostFor("example.com")).isEqualTo("any");
        assertThat(hostFor("eu.example.com")).isEqualTo("suffix");
    }

    @Test
    void longestPrefixWildcardWinsWhenNoSuffixFits() {
        assertThat(hostFor("api.v2.internal")).isEqualTo("prefix-api-v2");
        assertThat(hostFor("api.internal")).isEqualTo("prefix-api");
        assertThat(hostFor("api.")).isEqualTo("any");
    }

    @Test
    void aWildcardStandsForAtLeastOneCharacter() {
        RouteTable bare = RouteTable.compile(List.of(vhost("suffix", "*bar.test"), vhost("prefix", "shop*"),
                vhost("any", "*")), List.of());

        assertThat(bare.virtualHostFor("foobar.test").name()).isEqualTo("suffix");
        assertThat(bare.virtualHostFor("bar.test").name()).isEqualTo("any");
        assertThat(bare.virtualHostFor("shop1").name()).isEqualTo("prefix");
        assertThat(bare.virtualHostFor("shop").name()).isEqualTo("any");
    }

    @Test
    void starTakesWhatNothingElseDoes() {
        assertThat(hostFor("unknown.org")).isEqualTo("any");
        assertThat(hostFor("")).isEqualTo("any");
    }

    @Test
    void portIsStrippedAndCaseIgnoredOnBothSides() {
        assertThat(hostFor("API.Example.COM:8443")).isEqualTo("exact");
        assertThat(hostFor("shop.example.com")).isEqualTo("exact");
        assertThat(hostFor("WWW.EXAMPLE.COM:80")).isEqualTo("suffix");
    }

    @Test
    void trailingDotNamesTheSameHost() {
        assertThat(hostFor("api.example.com.")).isEqualTo("exact");
        assertThat(hostFor("api.example.com.:443")).isEqualTo("exact");
    }

    @Test
    void ipv6LiteralKeepsItsBracketsAndLosesItsPort() {
        assertThat(hostFor("[::1]:8080")).isEqualTo("v6");
        assertThat(hostFor("[::1]")).isEqualTo("v6");
        assertThat(hostFor("[::2]:8080")).isEqualTo("any");
    }

    @Test
    void noMatchingVirtualHostIsNoRouteWithoutHost() {
        RouteTable onlyExact = RouteTable.compile(List.of(vhost("exact", "a.test")), List.of(route("r", "exact", prefix("/"))));

        RouteDecision decision = onlyExact.match(get("b.test", "/"));

        assertThat(decision.isMatched()).isFalse();
        assertThat(decision.virtualHost()).isNull();
        assertThat(decision.route()).isNull();
        assertThat(onlyExact.match(get("A.TEST:1", "/")).route().name()).isEqualTo("r");
    }

    @Test
    void routesOfDefaultGoToAnImplicitCatchAllHost() {
        RouteTable t = RouteTable.compile(List.of(vhost("api", "api.test")),
                List.of(route("api-route", "api", prefix("/")), route("fallback", "default", prefix("/"))));

        assertThat(t.match(get("api.test", "/x")).route().name()).isEqualTo("api-route");
        RouteDecision other = t.match(get("other.test", "/x"));
        assertThat(other.virtualHost().name()).isEqualTo(VirtualHostConfig.DEFAULT_NAME);
        assertThat(other.virtualHost().domains()).containsExactly("*");
        assertThat(other.route().name()).isEqualTo("fallback");
    }

    @Test
    void aDeclaredDefaultHostReplacesTheImplicitOne() {
        RouteTable t = RouteTable.compile(List.of(vhost("default", "only.test")),
                List.of(route("r", "default", prefix("/"))));

        assertThat(t.match(get("only.test", "/")).route().name()).isEqualTo("r");
        assertThat(t.match(get("other.test", "/")).virtualHost()).isNull();
    }

    @Test
    void noImplicitDefaultHostWhenNoRouteNeedsIt() {
        RouteTable t = RouteTable.compile(List.of(vhost("api", "api.test")), List.of(route("r", "api", prefix("/"))));

        assertThat(t.virtualHosts()).extracting(VirtualHost::name).containsExactly("api");
        assertThat(t.match(get("other.test", "/")).virtualHost()).isNull();
    }

    @Test
    void listenerServesOnlyItsVirtualHosts() {
        List<VirtualHostConfig> hosts = List.of(vhost("api", "api.test"), vhost("web", "web.test"));
        var routes = List.of(route("api-r", "api", prefix("/")), route("web-r", "web", prefix("/")),
                route("fallback", "default", prefix("/")));

        RouteTable apiOnly = RouteTable.compile(hosts, routes, Set.of("api"));

        assertThat(apiOnly.virtualHosts()).extracting(VirtualHost::name).containsExactly("api");
        assertThat(apiOnly.match(get("api.test", "/")).route().name()).isEqualTo("api-r");
        assertThat(apiOnly.match(get("web.test", "/")).virtualHost()).isNull();
        assertThat(apiOnly.match(get("elsewhere.test", "/")).virtualHost()).isNull();

        RouteTable withDefault = RouteTable.compile(hosts, routes, Set.of("web", "default"));
        assertThat(withDefault.match(get("web.test", "/")).route().name()).isEqualTo("web-r");
        assertThat(withDefault.match(get("api.test", "/")).route().name()).isEqualTo("fallback");

        RouteTable all = RouteTable.compile(hosts, routes, Set.of());
        assertThat(all.virtualHosts()).extracting(VirtualHost::name).containsExactly("api", "web", "default");
    }

    @Test
    void listenerNamingAnUnknownVirtualHostIsRefused() {
        assertThatThrownBy(() -> RouteTable.compile(List.of(vhost("api", "api.test")), List.of(), Set.of("apj")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'apj'");
    }

    @Test
    void routeNamingAnUnknownVirtualHostIsRefused() {
        assertThatThrownBy(() -> RouteTable.compile(List.of(), List.of(route("r", "nowhere", prefix("/")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("r").hasMessageContaining("nowhere");
    }

    @Test
    void twoHostsClaimingOneDomainAreRefusedWhateverTheCase() {
        assertThatThrownBy(() -> RouteTable.compile(List.of(vhost("a", "x.test"), vhost("b", "X.Test")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' and 'b'");
        assertThatThrownBy(() -> RouteTable.compile(List.of(vhost("a", "*")),
                List.of(route("r", "default", prefix("/")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'*'");
    }

    @Test
    void malformedDomainsAreRefused() {
        for (String bad : List.of("", "a.*.com", "*.a.*", "a.test:8080", "[::1]:8080", "a b.test")) {
            assertThatThrownBy(() -> RouteTable.compile(List.of(vhost("v", bad)), List.of()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
