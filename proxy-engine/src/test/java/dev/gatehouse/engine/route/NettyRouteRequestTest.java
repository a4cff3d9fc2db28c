package dev.gatehouse.engine.route;

import static dev.gatehouse.engine.route.RouteFixtures.headers;
import static dev.gatehouse.engine.route.RouteFixtures.path;
import static dev.gatehouse.engine.route.RouteFixtures.route;
import static dev.gatehouse.engine.route.RouteFixtures.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.config.HeaderMatch;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class NettyRouteRequestTest {

    private static HttpRequest http(String uri, String... headerPairs) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.headers().add(headerPairs[i], headerPairs[i + 1]);
        }
        return request;
    }

    @Test
    void originFormSplitsPathAndQueryAndTakesTheHostHeader() {
        RouteRequest r = NettyRouteRequest.of(http("/a/b?x=1&y=2", "Host", "api.test:8080"), "https");

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.scheme()).isEqualTo("https");
        assertThat(r.authority()).isEqualTo("api.test:8080");
        assertThat(r.path()).isEqualTo("/a/b");
        assertThat(r.query()).isEqualTo("x=1&y=2");
    }

    @Test
    void absoluteFormTakesTheAuthorityFromTheTarget() {
        RouteRequest r = NettyRouteRequest.of(http("http://user@real.test:81?q", "Host", "ignored.test"), "http");

        assertThat(r.authority()).isEqualTo("real.test:81");
        assertThat(r.path()).isEqualTo("/");
        assertThat(r.query()).isEqualTo("q");
    }

    @Test
    void missingHostAndQueryAreEmpty() {
        RouteRequest r = NettyRouteRequest.of(http("/"), "http");

        assertThat(r.authority()).isEmpty();
        assertThat(r.query()).isEmpty();
    }

    @Test
    void headersAreReadThroughWithEveryValue() {
        RouteRequest r = NettyRouteRequest.of(http("/", "X-Tenant", "red", "x-tenant", "blue"), "http");

        assertThat(r.headers("x-tenant")).containsExactly("red", "blue");
        assertThat(r.headers("absent")).isEmpty();
    }

    @Test
    void routesANettyRequestEndToEnd() {
        RouteTable table = RouteTable.compile(List.of(vhost("api", "api.test")), List.of(
                route("blue", "api", headers(path("/orders"), new HeaderMatch("x-tenant", "blue", null, null, false))),
                route("other", "api", path("/orders"))));

        RouteDecision decision = table.match(NettyRouteRequest.of(
                http("/orders?page=2", "host", "API.test", "x-tenant", "red", "x-tenant", "blue"), "http"));

        assertThat(decision.route().name()).isEqualTo("blue");
    }
}
