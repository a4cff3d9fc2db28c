package dev.gatehouse.engine.route;

import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.config.RouteMatch;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds {@link Shadowing}s in route config, before anything is compiled. */
final class ShadowAnalysis {
    private ShadowAnalysis() {
    }

    static List<Shadowing> find(List<RouteConfig> routes) {
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
    private static String covers(RouteMatch earlier, RouteMatch later) {
        if (!earlier.methods().isEmpty() || !earlier.headers().isEmpty() || !earlier.query().isEmpty()
                || !hasOnePathCondition(earlier) || !hasOnePathCondition(later)) {
            return null;
        }
        String laterPath = later.prefix() != null ? later.prefix() : later.path();
        if (laterPath == null) {
            return null; // a regex: which paths it takes is not worth proving
        }
        String laterKind = later.prefix() != null ? "prefix " : "path ";
        if (earlier.prefix() != null
                && startsWith(laterPath, later.caseSensitive(), earlier.prefix(), earlier.caseSensitive())) {
            return "prefix " + earlier.prefix() + " covers " + laterKind + laterPath;
        }
        if (earlier.path() != null && later.path() != null && laterPath.length() == earlier.path().length()
                && startsWith(laterPath, later.caseSensitive(), earlier.path(), earlier.caseSensitive())) {
            return "path " + earlier.path() + " equals path " + laterPath;
        }
        return null;
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
