package dev.gatehouse.engine.route;

import static dev.gatehouse.engine.route.RouteFixtures.caseInsensitive;
import static dev.gatehouse.engine.route.RouteFixtures.get;
import static dev.gatehouse.engine.route.RouteFixtures.headers;
import static dev.gatehouse.engine.route.RouteFixtures.methods;
import static dev.gatehouse.engine.route.RouteFixtures.path;
import static dev.gatehouse.engine.route.RouteFixtures.prefix;
import static dev.gatehouse.engine.route.RouteFixtures.query;
import static dev.gatehouse.engine.route.RouteFixtures.regex;
import static dev.gatehouse.engine.route.RouteFixtures.request;
import static dev.gatehouse.engine.route.RouteFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.HeaderMatch;
import dev.gatehouse.engine.config.QueryMatch;
import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.config.RouteMatch;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouteMatchingTest {

    /** Whether a one-route table over {@code match} routes {@code request}. */
    private static boolean matches(RouteMatch match, RouteRequest request) {
        RouteTable table = RouteTable.compile(List.of(), List.of(route("only", "default", match)));
        return table.match(request).isMatched();
    }

    private static boolean matches(RouteMatch match, String target) {
        return matches(match, get("h", target));
    }

    @Test
    void firstMatchingRouteInDeclaredOrderWins() {
        List<RouteConfig> routes = List.of(
                route("users", "default", prefix("/api/users")),
                route("api", "default", prefix("/api")),
                route("users-late", "default", prefix("/api/users/admin")),
                route("root", "default", prefix("/")));
        RouteTable table = RouteTable.compile(List.of(), routes);

        assertThat(table.match(get("h", "/api/users/admin")).route().name()).isEqualTo("users");
        assertThat(table.match(get("h", "/api/orders")).route().name()).isEqualTo("api");
        assertThat(table.match(get("h", "/other")).route().name()).isEqualTo("root");
        assertThat(table.match(get("h", "/other")).virtualHost().routes()).extracting(Route::name)
                .containsExactly("users", "api", "users-late", "root");
    }

    @Test
    void noRouteKeepsTheVirtualHost() {
        RouteTable table = RouteTable.compile(List.of(), List.of(route("api", "default", prefix("/api"))));

        RouteDecision decision = table.match(get("h", "/web"));

        assertThat(decision.isMatched()).isFalse();
        assertThat(decision.route()).isNull();
        assertThat(decision.virtualHost().name()).isEqualTo("default");
    }

    @Nested
    class Paths {
        @Test
        void prefixIsAPlainStringPrefixNotASegment() {
            assertThat(matches(prefix("/api"), "/api")).isTrue();
            assertThat(matches(prefix("/api"), "/api/x")).isTrue();
            assertThat(matches(prefix("/api"), "/apix")).isTrue();
            assertThat(matches(prefix("/api"), "/ap")).isFalse();
            assertThat(matches(prefix("/api"), "/API")).isFalse();
        }

        @Test
        void exactPathIgnoresTheQueryButNothingElse() {
            assertThat(matches(path("/health"), "/health")).isTrue();
            assertThat(matches(path("/health"), "/health?verbose=1")).isTrue();
            assertThat(matches(path("/health"), "/health/")).isFalse();
            assertThat(matches(path("/health"), "/healthz")).isFalse();
        }

        @Test
        void regexMustMatchTheWholePath() {
            RouteMatch users = regex("/users/[0-9]+");
            assertThat(matches(users, "/users/42")).isTrue();
            assertThat(matches(users, "/users/42/orders")).isFalse();
            assertThat(matches(users, "/v1/users/42")).isFalse();
        }

        @Test
        void caseInsensitiveFoldsAsciiCaseForEveryKind() {
            assertThat(matches(caseInsensitive(prefix("/Api")), "/aPI/x")).isTrue();
            assertThat(matches(caseInsensitive(path("/Health")), "/HEALTH")).isTrue();
            assertThat(matches(caseInsensitive(path("/Health")), "/HEALTHZ")).isFalse();
            assertThat(matches(caseInsensitive(regex("/users/[a-z]+")), "/USERS/BOB")).isTrue();
            assertThat(matches(regex("/users/[a-z]+"), "/USERS/BOB")).isFalse();
        }

        @Test
        void pathIsMatchedRawWithoutPercentDecoding() {
            assertThat(matches(prefix("/admin"), "/%61dmin")).isFalse();
            assertThat(matches(path("/a%20b"), "/a%20b")).isTrue();
            assertThat(matches(path("/a b"), "/a%20b")).isFalse();
            assertThat(matches(prefix("/a/b"), "/a/./b")).isFalse();
        }

        @Test
        void matchNeedsExactlyOnePathCondition() {
            var both = new RouteMatch("/a", "/a", null, true, List.of(), List.of(), List.of());
            var none = new RouteMatch(null, null, null, true, List.of(), List.of(), List.of());
            assertThatThrownBy(() -> RouteTable.compile(List.of(), List.of(route("r", "default", both))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("route 'r'");
            assertThatThrownBy(() -> RouteTable.compile(List.of(), List.of(route("r", "default", none))))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void badRegexIsAConfigError() {
            assertThatThrownBy(() -> RouteTable.compile(List.of(), List.of(route("r", "default", regex("/a(")))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("match.regex");
        }
    }

    @Nested
    class Methods {
        private final RouteMatch writes = methods(prefix("/"), "post", "PUT");

        @Test
        void requestMethodMustBeListedAndConfigIsUppercased() {
            assertThat(matches(writes, request("POST", "h", "/"))).isTrue();
            assertThat(matches(writes, request("PUT", "h", "/"))).isTrue();
            assertThat(matches(writes, request("GET", "h", "/"))).isFalse();
        }

        @Test
        void wireMethodsAreCaseSensitive() {
            assertThat(matches(writes, request("post", "h", "/"))).isFalse();
        }

        @Test
        void noMethodsMeansAny() {
            assertThat(matches(prefix("/"), request("DELETE", "h", "/"))).isTrue();
        }
    }

    @Nested
    class Headers {
        private RouteMatch header(String name, String exact, String regex, Boolean present, boolean invert) {
            return headers(prefix("/"), new HeaderMatch(name, exact, regex, present, invert));
        }

        @Test
        void exactComparesTheValueCaseSensitivelyAndTheNameNot() {
            RouteMatch canary = header("X-Canary", "yes", null, null, false);
            assertThat(matches(canary, request("GET", "h", "/", "x-canary", "yes"))).isTrue();
            assertThat(matches(canary, request("GET", "h", "/", "X-CANARY", "yes"))).isTrue();
            assertThat(matches(canary, request("GET", "h", "/", "x-canary", "Yes"))).isFalse();
            assertThat(matches(canary, request("GET", "h", "/"))).isFalse();
        }

        @Test
        void regexMustMatchTheWholeValue() {
            RouteMatch version = header("x-version", null, "v[0-9]+", null, false);
            assertThat(matches(version, request("GET", "h", "/", "x-version", "v12"))).isTrue();
            assertThat(matches(version, request("GET", "h", "/", "x-version", "v12-beta"))).isFalse();
        }

        @Test
        void presentAndAbsent() {
            RouteMatch present = header("authorization", null, null, true, false);
            RouteMatch absent = header("authorization", null, null, false, false);
            RouteRequest with = request("GET", "h", "/", "authorization", "");
            RouteRequest without = request("GET", "h", "/");

            assertThat(matches(present, with)).isTrue();
            assertThat(matches(present, without)).isFalse();
            assertThat(matches(absent, with)).isFalse();
            assertThat(matches(absent, without)).isTrue();
        }

        @Test
        void invertNegatesTheWholeResult() {
            RouteMatch notCanary = header("x-canary", "yes", null, null, true);
            assertThat(matches(notCanary, request("GET", "h", "/", "x-canary", "yes"))).isFalse();
            assertThat(matches(notCanary, request("GET", "h", "/", "x-canary", "no"))).isTrue();
            assertThat(matches(notCanary, request("GET", "h", "/"))).isTrue();
            // with several values, "not any value equals": one equal value is enough to fail
            assertThat(matches(notCanary, request("GET", "h", "/", "x-canary", "no", "x-canary", "yes"))).isFalse();

            RouteMatch notPresent = header("x-debug", null, null, true, true);
            assertThat(matches(notPresent, request("GET", "h", "/"))).isTrue();
            assertThat(matches(notPresent, request("GET", "h", "/", "x-debug", "1"))).isFalse();
        }

        @Test
        void headerSentSeveralTimesMatchesIfAnyValueDoes() {
            RouteMatch tenant = header("x-tenant", "blue", null, null, false);
            assertThat(matches(tenant, request("GET", "h", "/", "x-tenant", "red", "x-tenant", "blue"))).isTrue();
            // one comma-joined line is one value, not split
            assertThat(matches(tenant, request("GET", "h", "/", "x-tenant", "red, blue"))).isFalse();
        }

        @Test
        void headerMatchNeedsExactlyOneCondition() {
            RouteMatch two = header("x", "a", "a", null, false);
            assertThatThrownBy(() -> matches(two, "/")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exactly one");
        }
    }

    @Nested
    class Query {
        private RouteMatch param(String name, String exact, String regex, Boolean present) {
            return query(prefix("/"), new QueryMatch(name, exact, regex, present));
        }

        @Test
        void exactValue() {
            RouteMatch debug = param("debug", "true", null, null);
            assertThat(matches(debug, "/?debug=true")).isTrue();
            assertThat(matches(debug, "/?a=1&debug=true&b=2")).isTrue();
            assertThat(matches(debug, "/?debug=false")).isFalse();
            assertThat(matches(debug, "/?xdebug=true")).isFalse();
            assertThat(matches(debug, "/")).isFalse();
        }

        @Test
        void regexMustMatchTheWholeValue() {
            RouteMatch page = param("page", null, "[0-9]+", null);
            assertThat(matches(page, "/?page=12")).isTrue();
            assertThat(matches(page, "/?page=12a")).isFalse();
        }

        @Test
        void presentWithOrWithoutValue() {
            RouteMatch flag = param("flag", null, null, true);
            assertThat(matches(flag, "/?flag")).isTrue();
            assertThat(matches(flag, "/?flag=")).isTrue();
            assertThat(matches(flag, "/?x=flag")).isFalse();
            assertThat(matches(flag, "/?&&")).isFalse();
        }

        @Test
        void parameterWithoutEqualsHasTheEmptyValue() {
            assertThat(matches(param("flag", "", null, null), "/?flag")).isTrue();
        }

        @Test
        void namesAndValuesArePercentDecodedWithPlusAsSpace() {
            assertThat(matches(param("name", "Jo Smith", null, null), "/?name=Jo%20Smith")).isTrue();
            assertThat(matches(param("name", "Jo Smith", null, null), "/?name=Jo+Smith")).isTrue();
            assertThat(matches(param("city", "Zürich", null, null), "/?city=Z%C3%BCrich")).isTrue();
            assertThat(matches(param("a&b", "1", null, null), "/?a%26b=1")).isTrue();
            assertThat(matches(param("q", "a+b", null, null), "/?q=a%2Bb")).isTrue();
            assertThat(matches(param("q", "a+b", null, null), "/?q=a+b")).isFalse();
        }

        @Test
        void malformedEscapeIsComparedUndecoded() {
            assertThat(matches(param("q", "100%", null, null), "/?q=100%")).isTrue();
            assertThat(matches(param("q", "%zz", null, null), "/?q=%zz")).isTrue();
        }

        @Test
        void anyOccurrenceOfARepeatedParameterMayMatch() {
            assertThat(matches(param("tag", "b", null, null), "/?tag=a&tag=b")).isTrue();
        }

        @Test
        void absentIsNotAQueryCondition() {
            assertThatThrownBy(() -> matches(param("x", null, null, false), "/"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void allConditionsMustHold() {
        RouteMatch all = query(headers(methods(prefix("/api"), "GET"), new HeaderMatch("x-a", "1", null, null, false)),
                new QueryMatch("q", "1", null, null));

        assertThat(matches(all, request("GET", "h", "/api?q=1", "x-a", "1"))).isTrue();
        assertThat(matches(all, request("POST", "h", "/api?q=1", "x-a", "1"))).isFalse();
        assertThat(matches(all, request("GET", "h", "/api?q=2", "x-a", "1"))).isFalse();
        assertThat(matches(all, request("GET", "h", "/api?q=1", "x-a", "2"))).isFalse();
        assertThat(matches(all, request("GET", "h", "/web?q=1", "x-a", "1"))).isFalse();
    }
}
