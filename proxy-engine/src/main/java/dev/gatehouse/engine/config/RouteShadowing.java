package dev.gatehouse.engine.config;

import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds routes that can never match because an earlier route of the same virtual host takes every
 * request they would; the loader warns about them and the workbench marks them. It follows the
 * router's semantics (first match wins, prefixes are plain string prefixes, so {@code /api} takes
 * {@code /apix}) and reports only certain cases, so a report is never wrong:
 * <ul>
 *   <li>an earlier route with exactly the same match, conditions and all;</li>
 *   <li>an earlier route with no method, header or query condition whose prefix covers the later
 *       route's prefix or exact path, or whose exact path equals the later one's. A
 *       case-insensitive later route is covered by a case-sensitive one only if the covering
 *       text has no letters, since it also takes other spellings.</li>
 * </ul>
 * A later regex is never reported unless its match is identical: which paths it takes is not
 * worth proving ({@code OPTIONS *} has the path {@code *}, which even {@code prefix: /} refuses).
 */
public final class RouteShadowing {
    private RouteShadowing() {
    }

    /**
     * The shadowed routes among {@code routes}, each reported once, against the first earlier
     * route that covers it.
     *
     * @param routes all routes in config order; indexes in the result refer to this list
     */
    public static List<Shadowing> find(List<RouteConfig> routes) {
        Map<String, List<Integer>> indexesByHost = new LinkedHashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            indexesByHost.computeIfAbsent(routes.get(i).virtualHost(), host -> new ArrayList<>()).add(i);
        }
        List<Shadowing> found = new ArrayList<>();
        indexesByHost.forEach((host, indexes) -> {
            for (int j = 1; j < indexes.size(); j++) {
                RouteConfig later = routes.get(indexes.get(j));
                for (int i = 0; i < j; i++) {
                    RouteConfig earlier = routes.get(indexes.get(i));
                    String reason = covers(earlier.match(), later.match());
                    if (reason != null) {
                        found.add(new Shadowing(host, indexes.get(j), later.name(), indexes.get(i), earlier.name(), reason));
                        break;
                    }
                }
            }
        });
        return List.copyOf(found);
    }

    /** Why {@code earlier} matches every request {@code later} could, or null if that is not certain. */
    static String covers(RouteMatch earlier, RouteMatch later) {
        if (!hasOnePathCondition(earlier) || !hasOnePathCondition(later)) {
            return null;
        }
        boolean unconditional = earlier.methods().isEmpty() && earlier.headers().isEmpty() && earlier.query().isEmpty();
        String laterPath = later.prefix() != null ? later.prefix() : later.path();
        if (unconditional && laterPath != null) {
            String laterKind = later.prefix() != null ? "prefix " : "path ";
            if (earlier.prefix() != null
                    && startsWith(laterPath, later.caseSensitive(), earlier.prefix(), earlier.caseSensitive())) {
                return "prefix " + earlier.prefix() + " covers " + laterKind + laterPath;
            }
            if (earlier.path() != null && later.path() != null && laterPath.length() == earlier.path().length()
                    && startsWith(laterPath, later.caseSensitive(), earlier.path(), earlier.caseSensitive())) {
                return "path " + earlier.path() + " equals path " + laterPath;
            }
        }
        return earlier.equals(later) ? "identical match" : null;
    }

    /**
     * Whether every path that starts with {@code text} (under {@code textCaseSensitive}) also
     * starts with {@code prefix} (under {@code prefixCaseSensitive}).
     */
    private static boolean startsWith(String text, boolean textCaseSensitive, String prefix, boolean prefixCaseSensitive) {
        if (text.length() < prefix.length()) {
            return false;
        }
        if (!prefixCaseSensitive) {
            return AsciiString.regionMatchesAscii(text, true, 0, prefix, 0, prefix.length());
        }
        // The later route also takes other spellings of its letters, which a case-sensitive prefix would refuse.
        return text.startsWith(prefix) && (textCaseSensitive || !hasAsciiLetter(prefix));
    }

    private static boolean hasOnePathCondition(RouteMatch match) {
        return (match.prefix() != null ? 1 : 0) + (match.path() != null ? 1 : 0) + (match.regex() != null ? 1 : 0) == 1;
    }

    private static boolean hasAsciiLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = (char) (s.charAt(i) | 0x20);
            if (c >= 'a' && c <= 'z') {
                return true;
            }
        }
        return false;
    }
}
