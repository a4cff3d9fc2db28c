package dev.gatehouse.engine.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the virtual host for an authority: exact domain (hash lookup), then the longest
 * {@code *suffix}, then the longest {@code prefix*}, then {@code *}. Wildcard lists are sorted
 * longest first, so the first hit is the most specific.
 */
final class DomainIndex {
    private final Map<String, VirtualHost> exact;
    private final Wildcard[] suffixes;
    private final Wildcard[] prefixes;
    private final VirtualHost any;

    /** @param fixed the domain without its {@code *}, e.g. {@code .example.com} or {@code api.} */
    private record Wildcard(String fixed, VirtualHost virtualHost) {
    }

    private DomainIndex(Map<String, VirtualHost> exact, Wildcard[] suffixes, Wildcard[] prefixes, VirtualHost any) {
        this.exact = exact;
        this.suffixes = suffixes;
        this.prefixes = prefixes;
        this.any = any;
    }

    /** @throws IllegalArgumentException if a domain is malformed or two virtual hosts claim the same one */
    static DomainIndex build(List<VirtualHost> virtualHosts) {
        Map<String, VirtualHost> claimed = new HashMap<>();
        Map<String, VirtualHost> exact = new HashMap<>();
        List<Wildcard> suffixes = new ArrayList<>();
        List<Wildcard> prefixes = new ArrayList<>();
        VirtualHost any = null;
        for (VirtualHost vh : virtualHosts) {
            for (String domain : vh.domains()) {
                String key = normalise(domain, vh.name());
                VirtualHost previous = claimed.putIfAbsent(key, vh);
                if (previous == vh) {
                    continue;
                }
                if (previous != null) {
                    throw new IllegalArgumentException("domain '" + key + "' is claimed by virtual hosts '"
                            + previous.name() + "' and '" + vh.name() + "'");
                }
                if (key.equals("*")) {
                    any = vh;
                } else if (key.startsWith("*")) {
                    suffixes.add(new Wildcard(key.substring(1), vh));
                } else if (key.endsWith("*")) {
                    prefixes.add(new Wildcard(key.substring(0, key.length() - 1), vh));
                } else {
                    exact.put(key, vh);
                }
            }
        }
        Comparator<Wildcard> longestFirst = Comparator.comparingInt((Wildcard w) -> w.fixed().length()).reversed();
        suffixes.sort(longestFirst);
        prefixes.sort(longestFirst);
        return new DomainIndex(Map.copyOf(exact), suffixes.toArray(Wildcard[]::new),
                prefixes.toArray(Wildcard[]::new), any);
    }

    /** The virtual host for {@code authority} (port and case ignored), or null if none serves it. */
    VirtualHost select(String authority) {
        String host = Authority.hostKey(authority == null ? "" : authority);
        VirtualHost vh = exact.get(host);
        if (vh != null) {
            return vh;
        }
        // A wildcard stands for at least one character: *.example.com is not example.com.
        for (Wildcard w : suffixes) {
            if (host.length() > w.fixed().length() && host.endsWith(w.fixed())) {
                return w.virtualHost();
            }
        }
        for (Wildcard w : prefixes) {
            if (host.length() > w.fixed().length() && host.startsWith(w.fixed())) {
                return w.virtualHost();
            }
        }
        return any;
    }

    private static String normalise(String domain, String virtualHost) {
        String where = "virtual host '" + virtualHost + "' domain '" + domain + "'";
        if (domain == null || domain.isEmpty()) {
            throw new IllegalArgumentException(where + " is empty");
        }
        int star = domain.indexOf('*');
        if (star >= 0 && (domain.indexOf('*', star + 1) >= 0 || (star != 0 && star != domain.length() - 1))) {
            throw new IllegalArgumentException(where + ": '*' may only stand once, at the start or the end");
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c <= ' ' || c >= 0x7f || "/?#@".indexOf(c) >= 0) {
                throw new IllegalArgumentException(where + " has a character a host name cannot have");
            }
        }
        if (domain.startsWith("[") ? !domain.endsWith("]") : domain.indexOf(':') >= 0) {
            // request ports are stripped before lookup, so a domain with a port could never match
            throw new IllegalArgumentException(where + " must not carry a port");
        }
        String key = Authority.lowercaseAscii(domain);
        if (key.length() > 1 && key.endsWith(".") && !key.endsWith("*")) {
            key = key.substring(0, key.length() - 1);
        }
        return key;
    }
}
