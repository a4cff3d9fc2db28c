package dev.gatehouse.views.config;

import dev.gatehouse.engine.config.HeaderMatch;
import dev.gatehouse.engine.config.RouteAction;
import dev.gatehouse.engine.config.RouteMatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One-line descriptions of route matches and actions, for list cells and graph labels. */
public final class RouteText {
    private RouteText() {
    }

    /** E.g. {@code prefix /api  GET,POST  x-env=prod}. */
    public static String match(RouteMatch m) {
        List<String> parts = new ArrayList<>();
        if (m.prefix() != null) {
            parts.add("prefix " + m.prefix());
        } else if (m.path() != null) {
            parts.add("path " + m.path());
        } else if (m.regex() != null) {
            parts.add("regex " + m.regex());
        }
        if (!m.caseSensitive()) {
            parts.add("(any case)");
        }
        if (!m.methods().isEmpty()) {
            parts.add(String.join(",", m.methods()));
        }
        for (HeaderMatch h : m.headers()) {
            parts.add(header(h));
        }
        if (!m.query().isEmpty()) {
            parts.add(m.query().size() + " query condition(s)");
        }
        return String.join("  ", parts);
    }

    /** E.g. {@code → cluster web}, {@code → 200 "ok"}, {@code → redirect 301 https://…}. */
    public static String action(RouteAction a) {
        if (a instanceof RouteAction.Cluster) {
            return "→ cluster " + ((RouteAction.Cluster) a).cluster();
        }
        if (a instanceof RouteAction.WeightedClusters) {
            List<String> parts = new ArrayList<>();
            for (RouteAction.WeightedCluster w : ((RouteAction.WeightedClusters) a).clusters()) {
                parts.add(w.cluster() + " " + w.weight());
            }
            return "→ split " + String.join(" / ", parts);
        }
        if (a instanceof RouteAction.DirectResponse) {
            RouteAction.DirectResponse d = (RouteAction.DirectResponse) a;
            String body = d.body().strip();
            return "→ answer " + d.status() + (body.isEmpty() ? "" : " \"" + abbreviate(body, 24) + "\"");
        }
        RouteAction.Redirect r = (RouteAction.Redirect) a;
        String target = (r.scheme() == null ? "" : r.scheme() + "://") + (r.host() == null ? "" : r.host())
                + (r.port() == null ? "" : ":" + r.port()) + (r.path() != null ? r.path()
                : r.prefixRewrite() != null ? r.prefixRewrite() + "…" : "");
        return "→ redirect " + r.status() + (target.isEmpty() ? "" : " " + target);
    }

    /** The clusters an action sends to; empty for answers and redirects. */
    public static List<String> clusters(RouteAction a) {
        if (a instanceof RouteAction.Cluster) {
            return List.of(((RouteAction.Cluster) a).cluster());
        }
        if (a instanceof RouteAction.WeightedClusters) {
            return ((RouteAction.WeightedClusters) a).clusters().stream().map(RouteAction.WeightedCluster::cluster).toList();
        }
        return List.of();
    }

    /** A duration as config writes it: the largest exact unit (15s, 250ms, 2m), or 0. */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static String header(HeaderMatch h) {
        String condition = h.exact() != null ? "=" + h.exact()
                : h.regex() != null ? "~" + h.regex()
                : Boolean.FALSE.equals(h.present()) ? " absent" : " present";
        return (h.invert() ? "!" : "") + h.name() + condition;
    }

    private static String abbreviate(String s, int max) {
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
