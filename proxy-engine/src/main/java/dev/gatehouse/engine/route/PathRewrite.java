package dev.gatehouse.engine.route;

import dev.gatehouse.engine.config.Rewrite;

/** How a route (or a redirect) turns the request path into the path it sends on. The query is never part of it. */
interface PathRewrite {

    /** Leaves the path as it is. */
    PathRewrite NONE = new PathRewrite() {
        @Override
        public String apply(String path) {
            return path;
        }

        @Override
        public String toString() {
            return "none";
        }
    };

    /** @param path the path (without query) that the owning route matched */
    String apply(String path);

    /** @param rewrite may be null */
    static PathRewrite compile(Rewrite rewrite, PathMatcher matched) {
        if (rewrite == null || (rewrite.prefix() == null && rewrite.regex() == null)) {
            if (rewrite != null && rewrite.substitution() != null) {
                throw new IllegalArgumentException("rewrite.substitution needs rewrite.regex");
            }
            return NONE;
        }
        if (rewrite.prefix() != null && rewrite.regex() != null) {
            throw new IllegalArgumentException("rewrite takes prefix or regex, not both");
        }
        if (rewrite.prefix() != null) {
            return PrefixRewrite.compile(rewrite.prefix(), matched, "rewrite.prefix");
        }
        return RegexRewrite.compile(rewrite.regex(), rewrite.substitution());
    }
}
