package dev.gatehouse.engine.route;

/**
 * Replaces the prefix a route matched. Where the two pieces meet, a slash that either side had
 * is kept exactly once, so that prefix {@code /service/echo} rewritten to {@code /} turns
 * {@code /service/echo/x} into {@code /x} (not {@code //x}) and {@code /service/echo} into
 * {@code /}, and prefix {@code /api/} rewritten to {@code /v2} turns {@code /api/x} into
 * {@code /v2/x} (not {@code /v2x}). With no slash on either side the pieces are simply joined:
 * prefixes are not segment-aware, so {@code /api} to {@code /v2} turns {@code /apix} into
 * {@code /v2x}. For an exact-path route the whole path is replaced. The result always starts
 * with {@code /}.
 */
final class PrefixRewrite implements PathRewrite {
    private final PathMatcher matched;
    private final String replacement;
    private final String replacementWithoutSlash;
    private final boolean slashAtJoin;

    private PrefixRewrite(PathMatcher matched, String replacement) {
        this.matched = matched;
        this.replacement = replacement;
        boolean replacementEndsWithSlash = replacement.endsWith("/");
        this.replacementWithoutSlash = replacementEndsWithSlash
                ? replacement.substring(0, replacement.length() - 1) : replacement;
        this.slashAtJoin = replacementEndsWithSlash || matched.value().endsWith("/");
    }

    /** @param what the config field, for the error message */
    static PrefixRewrite compile(String replacement, PathMatcher matched, String what) {
        if (matched.kind() == PathMatcher.Kind.REGEX) {
            throw new IllegalArgumentException(what + " needs a prefix or path match, not regex");
        }
        if (!replacement.isEmpty() && !replacement.startsWith("/")) {
            throw new IllegalArgumentException(what + " must start with '/': " + replacement);
        }
        return new PrefixRewrite(matched, replacement);
    }

    @Override
    public String apply(String path) {
        if (matched.kind() == PathMatcher.Kind.EXACT) {
            return replacement.isEmpty() ? "/" : replacement;
        }
        int matchedLength = matched.value().length();
        if (path.length() < matchedLength) {
            return path; // not a path this route matched: nothing to replace
        }
        boolean remainderStartsWithSlash = path.startsWith("/", matchedLength);
        StringBuilder out = new StringBuilder(replacement.length() + path.length() - matchedLength + 1);
        if (!replacementWithoutSlash.startsWith("/")) {
            out.append('/');
        }
        out.append(replacementWithoutSlash);
        if (slashAtJoin || remainderStartsWithSlash) {
            if (out.length() == 0 || out.charAt(out.length() - 1) != '/') {
                out.append('/');
            }
        }
        out.append(path, remainderStartsWithSlash ? matchedLength + 1 : matchedLength, path.length());
        return out.toString();
    }

    @Override
    public String toString() {
        return "prefix_rewrite " + replacement;
    }
}
