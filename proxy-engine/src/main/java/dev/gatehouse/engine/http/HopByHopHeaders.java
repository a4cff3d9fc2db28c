package dev.gatehouse.engine.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Headers that describe one connection rather than the message (RFC 9110 §7.6.1): a proxy must
 * not forward them. Also removes every header named in {@code Connection}.
 */
final class HopByHopHeaders {
    private static final String[] ALWAYS = {
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
        "proxy-authenticate",
    };

    private HopByHopHeaders() {
    }

    /**
     * Strips hop-by-hop headers. With {@code keepUpgrade} (a WebSocket handshake) the
     * {@code Connection: upgrade} and {@code Upgrade} pair survives, as the upstream needs it.
     */
    static void strip(HttpHeaders headers, boolean keepUpgrade, boolean fromHttp2) {
        if (!fromHttp2 && !containsAny(headers)) {
            return; // the usual case, found with one pass over a handful of headers
        }
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            List<String> named = new ArrayList<>(2);
            for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                for (String token : value.split(",")) {
                    String name = token.trim().toLowerCase(Locale.ROOT);
                    if (!name.isEmpty() && !(keepUpgrade && name.equals("upgrade"))) {
                        named.add(name);
                    }
                }
            }
            for (String name : named) {
                headers.remove(name);
            }
        }
        for (String name : ALWAYS) {
            if (keepUpgrade && (name.equals("connection") || name.equals("upgrade"))) {
                continue;
            }
            headers.remove(name);
        }
        if (fromHttp2) {
            // Extension headers that Netty's HTTP/2 <-> HTTP/1 conversion adds; never forwarded.
            headers.remove("x-http2-scheme");
            headers.remove("x-http2-stream-id");
            headers.remove("x-http2-path");
            headers.remove("x-http2-stream-dependency-id");
            headers.remove("x-http2-stream-weight");
        }
    }

    private static boolean containsAny(HttpHeaders headers) {
        var it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            CharSequence name = it.next().getKey();
            for (String hop : ALWAYS) {
                if (name.length() == hop.length() && io.netty.util.AsciiString.contentEqualsIgnoreCase(name, hop)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when the request asks to switch to WebSocket (RFC 6455 §4.1). */
    static boolean isWebSocketUpgrade(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.UPGRADE, "websocket", true)
                && headers.containsValue(HttpHeaderNames.CONNECTION, "upgrade", true);
    }
}
