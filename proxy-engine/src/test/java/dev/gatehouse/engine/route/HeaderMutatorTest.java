package dev.gatehouse.engine.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.HeaderMutations;
import dev.gatehouse.engine.config.RouteAction;
import dev.gatehouse.engine.config.RouteConfig;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderMutatorTest {

    private static HttpHeaders headers(String... pairs) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    @Test
    void removesThenSetsThenAdds() {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("X-Env", "prod");
        set.put("x-removed", "back");
        HeaderMutator mutator = HeaderMutator.compile(
                new HeaderMutations(List.of("X-Removed", "x-internal"), set, Map.of("Via", "gatehouse")));
        HttpHeaders headers = headers("x-removed", "1", "x-internal", "secret", "x-env", "dev", "x-env", "test",
                "via", "1.1 edge", "keep", "me");

        mutator.apply(headers);

        // set after remove: a header can be dropped and given a fresh value
        assertThat(headers.getAll("x-removed")).containsExactly("back");
        assertThat(headers.contains("x-internal")).isFalse();
        assertThat(headers.getAll("x-env")).containsExactly("prod");
        assertThat(headers.getAll("via")).containsExactly("1.1 edge", "gatehouse");
        assertThat(headers.getAll("keep")).containsExactly("me");
    }

    @Test
    void namesAreWrittenLowercase() {
        HttpHeaders headers = headers();

        HeaderMutator.compile(new HeaderMutations(List.of(), Map.of("X-Set", "1"), Map.of("X-Add", "2"))).apply(headers);

        assertThat(headers.names()).containsExactlyInAnyOrder("x-set", "x-add");
    }

    @Test
    void noneChangesNothing() {
        HttpHeaders headers = headers("a", "1");

        HeaderMutator.NONE.apply(headers);

        assertThat(HeaderMutator.NONE.isEmpty()).isTrue();
        assertThat(headers.entries()).hasSize(1);
    }

    @Test
    void valuesThatWouldSplitAHeaderAndBadNamesAreRefused() {
        assertThatThrownBy(() -> HeaderMutator.compile(new HeaderMutations(List.of(), Map.of("x", "a\r\nevil: 1"), Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR");
        assertThatThrownBy(() -> HeaderMutator.compile(new HeaderMutations(List.of(), Map.of(), Map.of("bad name", "v"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
        assertThatThrownBy(() -> HeaderMutator.compile(new HeaderMutations(List.of(":authority"), Map.of(), Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routeCompilesItsRequestAndResponseMutations() {
        var config = new RouteConfig("r", "default", RouteFixtures.prefix("/"),
                new RouteAction.Cluster("c"), null,
                RouteConfig.DEFAULT_TIMEOUT, null,
                new HeaderMutations(List.of(), Map.of("x-req", "1"), Map.of()),
                new HeaderMutations(List.of("server"), Map.of(), Map.of()));
        Route route = Route.compile(config);
        HttpHeaders request = headers();
        HttpHeaders response = headers("server", "backend/1.0");

        route.requestHeaders().apply(request);
        route.responseHeaders().apply(response);

        assertThat(request.get("x-req")).isEqualTo("1");
        assertThat(response.contains("server")).isFalse();
    }
}
