package dev.gatehouse.engine.route;

import static dev.gatehouse.engine.route.RouteFixtures.caseInsensitive;
import static dev.gatehouse.engine.route.RouteFixtures.compiled;
import static dev.gatehouse.engine.route.RouteFixtures.get;
import static dev.gatehouse.engine.route.RouteFixtures.path;
import static dev.gatehouse.engine.route.RouteFixtures.prefix;
import static dev.gatehouse.engine.route.RouteFixtures.regex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.Rewrite;
import dev.gatehouse.engine.config.RouteAction;
import dev.gatehouse.engine.config.RouteMatch;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathRewriteTest {
    private static final RouteAction CLUSTER = new RouteAction.Cluster("c");

    private static Route withPrefixRewrite(RouteMatch match, String replacement) {
        return compiled(match, CLUSTER, new Rewrite(replacement, null, null, null));
    }

    private static Route withRegexRewrite(String regex, String substitution) {
        return compiled(prefix("/"), CLUSTER, new Rewrite(null, regex, substitution, null));
    }

    @Nested
    class Prefix {
        @ParameterizedTest(name = "prefix {0} -> {1}: {2} becomes {3}")
        @CsvSource({
                "/service/echo, /,    /service/echo/x,   /x",
                "/service/echo, /,    /service/echo,     /",
                "/service/echo, /,    /service/echoes,   /es",
                "/service/echo, /,    /service/echo//x,  //x",
                "/api,          /v2,  /api/users,        /v2/users",
                "/api,          /v2,  /api,              /v2",
                "/api,          /v2,  /apix,             /v2x",
                "/api,          /v2/, /api/users,        /v2/users",
                "/api,          /v2/, /api,              /v2/",
                "/api/,         /v2,  /api/users,        /v2/users",
                "/api/,         /v2,  /api/,             /v2/",
                "/api/,         /v2/, /api/users,        /v2/users",
                "/,             /v2,  /users,            /v2/users",
                "/,             /,    /users,            /users",
                "/api,          '',   /api/users,        /users",
                "/api,          '',   /api,              /",
                "/api,          '',   /apix,             /x",
                "'',            /v2,  /users,            /v2/users",
        })
        void replacesTheMatchedPrefixKeepingOneSlashAtTheJoin(String prefix, String replacement, String path,
                                                             String expected) {
            assertThat(withPrefixRewrite(prefix(prefix), replacement).rewritePath(path)).isEqualTo(expected);
        }

        @Test
        void caseInsensitivePrefixReplacesWhatWasSent() {
            assertThat(withPrefixRewrite(caseInsensitive(prefix("/api")), "/v2").rewritePath("/API/Users"))
                    .isEqualTo("/v2/Users");
        }

        @Test
        void exactPathRouteReplacesTheWholePath() {
            assertThat(withPrefixRewrite(path("/old/"), "/new").rewritePath("/old/")).isEqualTo("/new");
            assertThat(withPrefixRewrite(path("/old"), "").rewritePath("/old")).isEqualTo("/");
        }

        @Test
        void regexRouteCannotHaveAPrefixRewrite() {
            assertThatThrownBy(() -> withPrefixRewrite(regex("/a.*"), "/b"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rewrite.prefix");
        }

        @Test
        void replacementMustBeAnAbsolutePath() {
            assertThatThrownBy(() -> withPrefixRewrite(prefix("/a"), "b"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with '/'");
        }

        @Test
        void noRewriteLeavesThePathAlone() {
            assertThat(compiled(prefix("/a"), CLUSTER, null).rewritePath("/a/b")).isEqualTo("/a/b");
        }
    }

    @Nested
    class Regex {
        @Test
        void groupsAreReferencedWithBackslashDigits() {
            Route r = withRegexRewrite("^/service/([^/]+)(/.*)$", "\\2/instance/\\1");

            assertThat(r.rewritePath("/service/foo/v1/api")).isEqualTo("/v1/api/instance/foo");
        }

        @Test
        void everyMatchIsReplaced() {
            assertThat(withRegexRewrite("o", "0").rewritePath("/foo/boo")).isEqualTo("/f00/b00");
        }

        @Test
        void wholeMatchBackslashAndDollarSigns() {
            assertThat(withRegexRewrite("[0-9]+", "<\\0>").rewritePath("/a/12/b/3")).isEqualTo("/a/<12>/b/<3>");
            assertThat(withRegexRewrite("/x", "/\\\\y").rewritePath("/x")).isEqualTo("/\\y");
            // a literal $ must stay literal: RE2/J's own replacement syntax would read it as a group
            assertThat(withRegexRewrite("/price", "/$1").rewritePath("/price")).isEqualTo("/$1");
        }

        @Test
        void groupThatDidNotTakePartAddsNothing() {
            assertThat(withRegexRewrite("/a(x)?/(b)", "/\\1\\2").rewritePath("/a/b")).isEqualTo("/b");
        }

        @Test
        void noMatchLeavesThePathAlone() {
            assertThat(withRegexRewrite("/nothing", "/x").rewritePath("/a/b")).isEqualTo("/a/b");
        }

        @Test
        void substitutionErrorsAreConfigErrors() {
            assertThatThrownBy(() -> withRegexRewrite("/(a)", "/\\2"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 group");
            assertThatThrownBy(() -> withRegexRewrite("/a", "/\\n"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid escape");
            assertThatThrownBy(() -> withRegexRewrite("/a", "/\\"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> withRegexRewrite("/a", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("substitution");
        }

        @Test
        void prefixAndRegexTogetherAreRefused() {
            assertThatThrownBy(() -> compiled(prefix("/"), CLUSTER, new Rewrite("/a", "/b", "/c", null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        }
    }

    @Test
    void queryStringIsNeverSeenByAPathRewrite() {
        Route r = withRegexRewrite("a", "b");
        RouteRequest request = get("h", "/a?a=a");

        assertThat(r.rewritePath(request.path()) + "?" + request.query()).isEqualTo("/b?a=a");
    }

    @Test
    void hostRewriteReplacesTheAuthority() {
        Route rewriting = compiled(prefix("/"), CLUSTER, new Rewrite(null, null, null, "backend.internal:8080"));
        Route plain = compiled(prefix("/"), CLUSTER, new Rewrite(null, null, null, null));

        assertThat(rewriting.rewriteAuthority("api.example.com")).isEqualTo("backend.internal:8080");
        assertThat(plain.rewriteAuthority("api.example.com")).isEqualTo("api.example.com");
        assertThatThrownBy(() -> compiled(prefix("/"), CLUSTER, new Rewrite(null, null, null, "a\r\nb")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rewrite.host");
    }
}
