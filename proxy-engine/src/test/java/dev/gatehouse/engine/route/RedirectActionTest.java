package dev.gatehouse.engine.route;

import static dev.gatehouse.engine.route.RouteFixtures.compiled;
import static dev.gatehouse.engine.route.RouteFixtures.prefix;
import static dev.gatehouse.engine.route.RouteFixtures.regex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.RouteAction;
import dev.gatehouse.engine.config.RouteMatch;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedirectActionTest {

    private static RedirectAction redirect(RouteMatch match, String scheme, String host, Integer port, String path,
                                           String prefixRewrite, boolean stripQuery) {
        var config = new RouteAction.Redirect(scheme, host, port, path, prefixRewrite, 301, stripQuery);
        return (RedirectAction) compiled(match, config, null).action();
    }

    private static RedirectAction redirect(String scheme, String host, Integer port) {
        return redirect(prefix("/"), scheme, host, port, null, null, false);
    }

    private static RouteRequest request(String scheme, String authority, String target) {
        return RouteRequest.of("GET", scheme, authority, target, Map.of());
    }

    @Test
    void unsetPartsKeepTheRequestsOwn() {
        RedirectAction keepAll = redirect(null, null, null);

        assertThat(keepAll.location(request("http", "shop.test:8080", "/a/b?x=1"))).isEqualTo("http://shop.test:8080/a/b?x=1");
        assertThat(keepAll.status()).isEqualTo(301);
    }

    @Test
    void httpsRedirectDropsThePortOfTheOldScheme() {
        RedirectAction toHttps = redirect("https", null, null);

        assertThat(toHttps.location(request("http", "shop.test:8080", "/a?x=1"))).isEqualTo("https://shop.test/a?x=1");
        assertThat(toHttps.location(request("http", "shop.test", "/"))).isEqualTo("https://shop.test/");
    }

    @Test
    void defaultPortsAreLeftOut() {
        assertThat(redirect(null, null, null).location(request("http", "shop.test:80", "/"))).isEqualTo("http://shop.test/");
        assertThat(redirect(null, null, null).location(request("https", "shop.test:443", "/"))).isEqualTo("https://shop.test/");
        assertThat(redirect("https", null, 443).location(request("http", "shop.test", "/"))).isEqualTo("https://shop.test/");
        assertThat(redirect("https", null, 8443).location(request("http", "shop.test:8080", "/")))
                .isEqualTo("https://shop.test:8443/");
        assertThat(redirect("http", null, 443).location(request("http", "shop.test", "/"))).isEqualTo("http://shop.test:443/");
    }

    @Test
    void hostSwapKeepsThePortWhenTheSchemeStays() {
        assertThat(redirect(null, "new.test", null).location(request("http", "old.test:8080", "/p")))
                .isEqualTo("http://new.test:8080/p");
        assertThat(redirect(null, "new.test", 9000).location(request("http", "old.test:8080", "/p")))
                .isEqualTo("http://new.test:9000/p");
    }

    @Test
    void pathReplacesTheWholePathAndItsQueryWinsIfItHasOne() {
        assertThat(redirect(prefix("/"), null, null, null, "/moved", null, false).location(request("http", "h", "/old?x=1")))
                .isEqualTo("http://h/moved?x=1");
        assertThat(redirect(prefix("/"), null, null, null, "/moved?y=2", null, false).location(request("http", "h", "/old?x=1")))
                .isEqualTo("http://h/moved?y=2");
    }

    @Test
    void prefixRewriteReplacesTheMatchedPrefix() {
        RedirectAction r = redirect(prefix("/old"), null, null, null, null, "/new", false);

        assertThat(r.location(request("https", "h", "/old/page?x=1"))).isEqualTo("https://h/new/page?x=1");
        assertThat(r.location(request("https", "h", "/old"))).isEqualTo("https://h/new");
    }

    @Test
    void stripQueryDropsTheQuery() {
        assertThat(redirect(prefix("/"), null, null, null, null, null, true).location(request("http", "h", "/a?x=1")))
                .isEqualTo("http://h/a");
    }

    @Test
    void ipv6HostsAreBracketed() {
        assertThat(redirect("https", null, null).location(request("http", "[::1]:8080", "/"))).isEqualTo("https://[::1]/");
        assertThat(redirect(null, "::1", null).location(request("http", "h:8080", "/"))).isEqualTo("http://[::1]:8080/");
    }

    @Test
    void requestWithoutAuthorityGetsARelativeLocation() {
        assertThat(redirect(null, null, null).location(request("http", "", "/a?x=1"))).isEqualTo("/a?x=1");
        assertThat(redirect(null, "h.test", null).location(request("http", "", "/a"))).isEqualTo("http://h.test/a");
    }

    @Test
    void badRedirectsAreConfigErrors() {
        assertThatThrownBy(() -> compiled(prefix("/"), new RouteAction.Redirect(null, null, null, null, null, 200, false), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> redirect(null, "h.test:8080", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> redirect(null, null, 70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> redirect(prefix("/"), null, null, null, "/a", "/b", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> redirect(regex("/a.*"), null, null, null, null, "/b", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redirect.prefix_rewrite");
    }
}
