package dev.gatehouse.engine.http;

import io.netty.handler.codec.http2.Http2Settings;

/**
 * What a downstream HTTP/2 connection allows its client, advertised in the server's SETTINGS.
 *
 * @param maxConcurrentStreams requests in flight at once on one connection; more are refused per stream
 * @param maxHeaderListSize    largest header list of one request (uncompressed, RFC 9113 §6.5.2);
 *                             beyond it the request is answered 431
 * @param initialWindowSize    bytes of request body a client may send on one stream before we read them;
 *                             Netty sizes the connection window to twice this, which bounds what one
 *                             connection can make us buffer
 */
public record Http2Limits(int maxConcurrentStreams, int maxHeaderListSize, int initialWindowSize) {
    /** The RFC 9113 §6.5.2 recommended minimum, and what most servers use. */
    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 100;
    /** Four times the protocol default: fewer window updates for uploads, still small per stream. */
    public static final int DEFAULT_INITIAL_WINDOW_SIZE = 256 * 1024;

    public Http2Limits {
        if (maxConcurrentStreams < 1 || maxHeaderListSize < 1 || initialWindowSize < 1) {
            throw new IllegalArgumentException("HTTP/2 limits must be positive: " + maxConcurrentStreams + ", "
                    + maxHeaderListSize + ", " + initialWindowSize);
        }
    }

    /** The defaults, with the listener's header budget ({@code max_header_bytes}) as the header list size. */
    public static Http2Limits withHeaderListSize(int maxHeaderListSize) {
        return new Http2Limits(DEFAULT_MAX_CONCURRENT_STREAMS, maxHeaderListSize, DEFAULT_INITIAL_WINDOW_SIZE);
    }

    Http2Settings settings() {
        return new Http2Settings()
                .maxConcurrentStreams(maxConcurrentStreams)
                .maxHeaderListSize(maxHeaderListSize)
                .initialWindowSize(initialWindowSize);
    }
}
