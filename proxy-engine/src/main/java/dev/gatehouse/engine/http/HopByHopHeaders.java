package dev.gatehouse.engine.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Headers that describe one connection rather than the message (RFC 9110 §7.6.1): a proxy must
 * not forward them. Also removes every header named in {@code Connection}. Runs on every request
 * and response, so it looks at each header once and removes only what is there.
 */
final class HopByHopHeaders {
    private static final AsciiString[] ALWAYS = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, AsciiString.cached("proxy-connection"),
        HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
        HttpHeaderNames.PROXY_AUTHENTICATE,
    };
    /** The Connection tokens of nearly every message that has the field at all. */
    private static final List<String> KEEP_ALIVE = List.of("keep-alive");
    private static final List<String> CLOSE = List.of("close");
    /** Extension headers that Netty's HTTP/2 to HTTP/1 conversion adds; never forwarded. */
    private static final String HTTP2_EXTENSION_PREFIX = "x-http2-";

    private HopByHopHeaders() {
    }

    /**
     * Strips hop-by-hop headers. With {@code keepUpgrade} (a WebSocket handshake) the
     * {@code Connection: upgrade} and {@code Upgrade} pair survives, as the upstream needs it.
     * {@code TE: trailers} survives too: it is the one TE value a proxy passes on (gRPC needs it).
     */
    static void strip(HttpHeaders headers, boolean keepUpgrade, boolean fromHttp2) {
        List<String> nominated = connectionTokens(headers);
        List<CharSequence> doomed = null;
        boolean teTrailers = false;
        for (var it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            CharSequence name = header.getKey();
            if (!isHopByHop(name, nominated, fromHttp2)) {
                continue;
            }
            if (keepUpgrade && (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONNECTION)
                    || AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.UPGRADE))) {
                continue;
            }
            if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TE)
                    && AsciiString.containsIgnoreCase(header.getValue(), "trailers")) {
                teTrailers = true;
            }
            if (doomed == null) {
                doomed = new ArrayList<>(4);
            }
            doomed.add(name);
        }
        if (doomed != null) {
            for (CharSequence name : doomed) {
                headers.remove(name);
            }
        }
        if (keepUpgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE);
        }
        if (teTrailers) {
            headers.set(HttpHeaderNames.TE, "trailers");
        }
    }

    private static boolean isHopByHop(CharSequence name, List<String> nominated, boolean fromHttp2) {
        for (AsciiString hop : ALWAYS) {
            if (name.length() == hop.length() && AsciiString.contentEqualsIgnoreCase(name, hop)) {
                return true;
            }
        }
        for (int i = 0; i < nominated.size(); i++) { // per header of every message: no iterator
            if (AsciiString.contentEqualsIgnoreCase(name, nominated.get(i))) {
                return true;
            }
        }
        return fromHttp2 && name.length() > HTTP2_EXTENSION_PREFIX.length()
                && AsciiString.regionMatches(name, true, 0, HTTP2_EXTENSION_PREFIX, 0, HTTP2_EXTENSION_PREFIX.length());
    }

    /** The header names listed in every Connection field (comma-separated tokens). */
    private static List<String> connectionTokens(HttpHeaders headers) {
        List<String> single = commonConnectionTokens(headers);
        if (single != null) {
            return single;
        }
        List<String> tokens = new ArrayList<>(2);
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            int start = 0;
            while (start < value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String token = value.substring(start, end).trim();
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
                start = end + 1;
            }
        }
        return tokens;
    }

    /**
     * Most messages have no Connection field or one that says only keep-alive or close: those answers
     * cost no parsing (this runs twice per request). Null when the field needs parsing.
     */
    private static List<String> commonConnectionTokens(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.CONNECTION)) {
            return List.of();
        }
        Iterator<? extends CharSequence> values = headers.valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
        CharSequence value = values.next();
        if (values.hasNext()) {
            return null;
        }
        return AsciiString.contentEqualsIgnoreCase(value, HttpHeaderValues.KEEP_ALIVE) ? KEEP_ALIVE
                : AsciiString.contentEqualsIgnoreCase(value, HttpHeaderValues.CLOSE) ? CLOSE : null;
    }

    /**
     * {@link HttpUtil#isKeepAlive} without its comma-splitting for the common answers: no Connection
     * field, or one that says only keep-alive or close.
     */
    static boolean isKeepAlive(HttpMessage message) {
        List<String> tokens = commonConnectionTokens(message.headers());
        if (tokens == null) {
            return HttpUtil.isKeepAlive(message);
        }
        return tokens == KEEP_ALIVE || tokens != CLOSE && message.protocolVersion().isKeepAliveDefault();
    }

    /** True when the request asks to switch to WebSocket (RFC 6455 §4.1). */
    static boolean isWebSocketUpgrade(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.UPGRADE, "websocket", true)
                && headers.containsValue(HttpHeaderNames.CONNECTION, "upgrade", true);
    }
}
