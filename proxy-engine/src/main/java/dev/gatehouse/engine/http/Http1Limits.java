package dev.gatehouse.engine.http;

import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * Size limits for downstream HTTP/1.1 request heads.
 *
 * @param maxRequestLineBytes longest request line; longer ones get 414
 * @param maxHeaderBytes      largest header section; larger ones get 431
 * @param maxHeaders          most header fields; more get 431 (Netty has no such option, the validator counts)
 */
public record Http1Limits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaders) {
    /** 8 KiB request line, 64 KiB of headers, 100 header fields. */
    public static final Http1Limits DEFAULTS = new Http1Limits(8192, 65536, 100);

    public Http1Limits {
        requirePositive(maxRequestLineBytes, "maxRequestLineBytes");
        requirePositive(maxHeaderBytes, "maxHeaderBytes");
        requirePositive(maxHeaders, "maxHeaders");
    }

    /**
     * The Netty decoder settings for these limits, with every strictness switch Netty 4.2 has turned on
     * explicitly: some of their defaults can be flipped by system properties.
     */
    public HttpDecoderConfig decoderConfig() {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(maxRequestLineBytes)
                .setMaxHeaderSize(maxHeaderBytes)
                // The head guard has already checked every field name and value byte by byte.
                .setValidateHeaders(false)
                // Lines must end in CRLF (RFC 9112 §2.2); a bare LF fails the request.
                .setStrictLineParsing(true)
                // chunked must be the final coding and appear once; CL with TE fails (RFC 9112 §6.1, §6.3).
                .setUseRfc9112TransferEncoding(true)
                // Identical repeats ("5, 5") collapse to one field as RFC 9110 §8.6 allows; differing ones fail.
                .setAllowDuplicateContentLengths(true)
                .setChunkedSupported(true);
    }

    private static void requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1: " + value);
        }
    }
}
