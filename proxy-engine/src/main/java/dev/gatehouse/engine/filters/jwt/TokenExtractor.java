package dev.gatehouse.engine.filters.jwt;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds a token in a request, and takes it out again before the request goes upstream. Works on
 * Netty {@link HttpHeaders} and the raw query (the part after {@code ?}, still percent-encoded), so
 * it runs in the request-headers phase, on the event loop, without allocating when there is
 * nothing to find.
 *
 * <p>Finding and stripping read the request the same way: a header's values (each field line is
 * one value), the {@code name=value} pairs of every {@code Cookie} line, the {@code &}-separated
 * query parameters with names and values percent-decoded. Whatever is not the token is left
 * byte for byte as it was.
 */
public final class TokenExtractor {
    private TokenExtractor() {
    }

    /** The token at {@code location}: absent, found, or ambiguous when there are several. */
    public static TokenLookup find(TokenLocation location, HttpHeaders headers, String rawQuery) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(headers, "headers");
        String found = null;
        int count = 0;
        if (location instanceof TokenLocation.Header header) {
            for (String value : headers.getAll(header.name())) {
                String token = afterPrefix(value, header.prefix());
                if (token != null) {
                    found = token;
                    count++;
                }
            }
        } else if (location instanceof TokenLocation.Cookie cookie) {
            for (String line : headers.getAll(HttpHeaderNames.COOKIE)) {
                for (String pair : line.split(";")) {
                    String value = cookieValue(pair, cookie.name());
                    if (value != null) {
                        found = value;
                        count++;
                    }
                }
            }
        } else {
            String name = ((TokenLocation.QueryParameter) location).name();
            if (rawQuery != null && !rawQuery.isEmpty()) {
                for (String param : rawQuery.split("&")) {
                    String value = paramValue(param, name);
                    if (value != null) {
                        found = value;
                        count++;
                    }
                }
            }
        }
        if (count > 1) {
            return TokenLookup.AMBIGUOUS;
        }
        return found == null || found.isEmpty() ? TokenLookup.ABSENT : TokenLookup.found(found);
    }

    /**
     * Removes the token at {@code location} from the request: matching header values, the cookie
     * (dropping the {@code Cookie} line if nothing else is left in it), or the query parameter.
     *
     * @return the raw query to forward: unchanged unless the token was in it; empty when the token
     *         was its only parameter
     */
    public static String strip(TokenLocation location, HttpHeaders headers, String rawQuery) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(headers, "headers");
        if (location instanceof TokenLocation.Header header) {
            List<String> values = headers.getAll(header.name());
            List<String> kept = new ArrayList<>(values.size());
            for (String value : values) {
                if (afterPrefix(value, header.prefix()) == null) {
                    kept.add(value);
                }
            }
            if (kept.size() != values.size()) {
                headers.set(header.name(), kept);
            }
            return rawQuery;
        }
        if (location instanceof TokenLocation.Cookie cookie) {
            List<String> lines = headers.getAll(HttpHeaderNames.COOKIE);
            List<String> kept = new ArrayList<>(lines.size());
            boolean changed = false;
            for (String line : lines) {
                StringBuilder rest = new StringBuilder(line.length());
                for (String pair : line.split(";")) {
                    if (cookieValue(pair, cookie.name()) != null) {
                        changed = true;
                    } else if (!pair.isBlank()) {
                        rest.append(rest.length() == 0 ? "" : "; ").append(pair.strip());
                    }
                }
                if (rest.length() > 0) {
                    kept.add(rest.toString());
                }
            }
            if (changed) {
                headers.set(HttpHeaderNames.COOKIE, kept);
            }
            return rawQuery;
        }
        String name = ((TokenLocation.QueryParameter) location).name();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return rawQuery;
        }
        StringBuilder rest = new StringBuilder(rawQuery.length());
        for (String param : rawQuery.split("&", -1)) {
            if (paramValue(param, name) == null) {
                rest.append(rest.length() == 0 ? "" : "&").append(param);
            }
        }
        return rest.toString();
    }

    /** The value after {@code prefix} (compared ignoring ASCII case), trimmed; null without the prefix. */
    private static String afterPrefix(String value, String prefix) {
        if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
            // "Bearer" alone, or with the space missing, has no token either.
            return null;
        }
        return value.substring(prefix.length()).strip();
    }

    private static String cookieValue(String pair, String name) {
        String p = pair.strip();
        int eq = p.indexOf('=');
        if (eq < 0 || !p.substring(0, eq).strip().equals(name)) {
            return null;
        }
        String value = p.substring(eq + 1).strip();
        // RFC 6265 lets a cookie value be wrapped in double quotes.
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String paramValue(String param, String name) {
        int eq = param.indexOf('=');
        String rawName = eq < 0 ? param : param.substring(0, eq);
        if (!decode(rawName).equals(name)) {
            return null;
        }
        return eq < 0 ? "" : decode(param.substring(eq + 1));
    }

    /** Form decoding as browsers encode; a malformed escape leaves the component as sent. */
    private static String decode(String component) {
        try {
            return QueryStringDecoder.decodeComponent(component, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return component;
        }
    }
}
