package dev.gatehouse.engine.config;

import java.util.Locale;

/**
 * Decides, conservatively, whether a route can never match because an earlier route of the same
 * virtual host takes every request it would. Only certain cases count, so a warning is never
 * wrong: an identical match, an earlier catch-all {@code prefix: /}, or an earlier unconditional
 * prefix that covers the later prefix or path at a segment boundary ({@code /api} covers
 * {@code /api} and {@code /api/v1}, but not {@code /apis}, whichever way the router treats
 * segments).
 */
final class RouteShadowing {
    private RouteShadowing() {
    }

    static boolean shadows(RouteMatch earlier, RouteMatch later) {
        if (earlier.equals(later)) {
            return true;
        }
        boolean unconditional = earlier.methods().isEmpty() && earlier.headers().isEmpty() && earlier.query().isEmpty();
        if (!unconditional || earlier.prefix() == null) {
            return false;
        }
        if (earlier.prefix().equals("/")) {
            return true;
        }
        String laterPath = later.prefix() != null ? later.prefix() : later.path();
        if (laterPath == null || earlier.caseSensitive() != later.caseSensitive()) {
            return false;
        }
        String prefix = earlier.prefix();
        if (!earlier.caseSensitive()) {
            prefix = prefix.toLowerCase(Locale.ROOT);
            laterPath = laterPath.toLowerCase(Locale.ROOT);
        }
        return laterPath.startsWith(prefix)
                && (prefix.endsWith("/") || laterPath.length() == prefix.length() || laterPath.charAt(prefix.length()) == '/');
    }
}
