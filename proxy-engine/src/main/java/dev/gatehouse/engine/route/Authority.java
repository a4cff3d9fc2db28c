package dev.gatehouse.engine.route;

/**
 * Reads the host and port out of a request authority ({@code host}, {@code host:port},
 * {@code [v6]}, {@code [v6]:port}).
 */
final class Authority {
    private Authority() {
    }

    /**
     * The host as virtual hosts are keyed: port stripped, one trailing dot dropped (an FQDN names
     * the same host), ASCII-lowercased. Returns {@code authority} itself when nothing changes, so
     * the common case allocates nothing.
     */
    static String hostKey(String authority) {
        String host = host(authority);
        if (host.length() > 1 && host.charAt(host.length() - 1) == '.') {
            host = host.substring(0, host.length() - 1);
        }
        return lowercaseAscii(host);
    }

    /** The host as received, case preserved, without the port. */
    static String host(String authority) {
        return authority.substring(0, hostEnd(authority));
    }

    /** The explicit port, or -1 if there is none or it is not a number in 0..65535. */
    static int port(String authority) {
        int end = hostEnd(authority);
        if (end >= authority.length() - 1 || authority.charAt(end) != ':') {
            return -1;
        }
        int port = 0;
        for (int i = end + 1; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c < '0' || c > '9' || (port = port * 10 + (c - '0')) > 65535) {
                return -1;
            }
        }
        return port;
    }

    static String lowercaseAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 'a' - 'A';
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    private static int hostEnd(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? authority.length() : close + 1;
        }
        int colon = authority.indexOf(':');
        // A second colon means an unbracketed IPv6 literal: no port can be told apart, keep it whole.
        if (colon < 0 || authority.indexOf(':', colon + 1) >= 0) {
            return authority.length();
        }
        return colon;
    }
}
