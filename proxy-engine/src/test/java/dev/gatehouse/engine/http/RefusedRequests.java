package dev.gatehouse.engine.http;

import static dev.gatehouse.engine.http.ProtocolViolation.*;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every request the strict HTTP/1.1 front must refuse, as raw bytes with the violation it must be refused for
 * (arguments: name, raw request, {@link ProtocolViolation}); shared by the in-memory pipeline tests and the
 * tests through a running gateway. Sizes in the limit cases are for {@link Http1Limits#DEFAULTS}.
 */
final class RefusedRequests {
    /** {@code @MethodSource} of the refused heads: refused before anything is passed on. */
    static final String HEADS = "dev.gatehouse.engine.http.RefusedRequests#heads";
    /** {@code @MethodSource} of the chunked bodies that break after their head was passed on. */
    static final String BODIES = "dev.gatehouse.engine.http.RefusedRequests#bodies";
    /** The request id a refusal carries: a new UUID (version 4), never one the client sent. */
    static final String GENERATED_REQUEST_ID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private static final String POST = "POST / HTTP/1.1\r\nHost: a\r\n";
    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\n";
    private static final String CHUNKED_POST = POST + "Transfer-Encoding: chunked\r\n\r\n";

    private RefusedRequests() {
    }

    static Stream<Arguments> heads() {
        return Stream.of(
                // Message framing
                refused("CL and TE", POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        CONTENT_LENGTH_AND_TRANSFER_ENCODING),
                refused("TE then CL", POST + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
                        CONTENT_LENGTH_AND_TRANSFER_ENCODING),
                refused("CL list 5, 6", POST + "Content-Length: 5, 6\r\n\r\nhello", CONFLICTING_CONTENT_LENGTH),
                refused("CL fields 5 and 6", POST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
                        CONFLICTING_CONTENT_LENGTH),
                refused("CL not digits", POST + "Content-Length: abc\r\n\r\n", INVALID_CONTENT_LENGTH),
                refused("CL with plus sign", POST + "Content-Length: +5\r\n\r\nhello", INVALID_CONTENT_LENGTH),
                refused("CL negative", POST + "Content-Length: -1\r\n\r\n", INVALID_CONTENT_LENGTH),
                refused("CL empty", POST + "Content-Length: \r\n\r\n", INVALID_CONTENT_LENGTH),
                refused("CL hex", POST + "Content-Length: 0x5\r\n\r\nhello", INVALID_CONTENT_LENGTH),
                refused("CL two numbers in one element", POST + "Content-Length: 5 5\r\n\r\nhello",
                        INVALID_CONTENT_LENGTH),
                refused("CL beyond a long", POST + "Content-Length: 99999999999999999999\r\n\r\n",
                        INVALID_CONTENT_LENGTH),
                refused("TE gzip, chunked", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                        UNSUPPORTED_TRANSFER_ENCODING),
                refused("TE chunked, gzip", POST + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
                        UNSUPPORTED_TRANSFER_ENCODING),
                refused("TE identity", POST + "Transfer-Encoding: identity\r\n\r\n", UNSUPPORTED_TRANSFER_ENCODING),
                refused("TE xchunked", POST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
                        UNSUPPORTED_TRANSFER_ENCODING),
                refused("TE chunked twice in a list", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
                        UNSUPPORTED_TRANSFER_ENCODING),
                refused("TE chunked in two fields",
                        POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        UNSUPPORTED_TRANSFER_ENCODING),
                refused("TE empty", POST + "Transfer-Encoding: \r\n\r\n", UNSUPPORTED_TRANSFER_ENCODING),
                refused("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        TRANSFER_ENCODING_IN_HTTP_1_0),
                // Field syntax
                refused("space before colon", GET + "Foo : bar\r\n\r\n", INVALID_HEADER_NAME),
                refused("non-token char in name", GET + "Fo(o: bar\r\n\r\n", INVALID_HEADER_NAME),
                refused("space inside name", GET + "Fo o: bar\r\n\r\n", INVALID_HEADER_NAME),
                refused("empty name", GET + ": bar\r\n\r\n", INVALID_HEADER_NAME),
                refused("field line without colon", GET + "Foo\r\n\r\n", INVALID_HEADER_NAME),
                refused("non-ASCII name", GET + "F\u00e9e: bar\r\n\r\n", INVALID_HEADER_NAME),
                refused("NUL in value", GET + "Foo: b\u0000ar\r\n\r\n", INVALID_HEADER_VALUE),
                refused("control char in value", GET + "Foo: b\u0001ar\r\n\r\n", INVALID_HEADER_VALUE),
                refused("DEL in value", GET + "Foo: b\u007far\r\n\r\n", INVALID_HEADER_VALUE),
                refused("obs-fold with SP", GET + "Foo: bar\r\n baz\r\n\r\n", OBS_FOLD),
                refused("obs-fold with HTAB", GET + "Foo: bar\r\n\tbaz\r\n\r\n", OBS_FOLD),
                refused("folded Transfer-Encoding",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", OBS_FOLD),
                refused("whitespace line after request line", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", OBS_FOLD),
                refused("bare CR in value", GET + "Foo: b\rar\r\n\r\n", BARE_CR),
                refused("bare CR before line end", GET + "Foo: bar\r\r\n\r\n", BARE_CR),
                refused("bare CR in request line", "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", BARE_CR),
                refused("bare CR in name", GET + "Fo\ro: bar\r\n\r\n", BARE_CR),
                refused("bare CR before request line", "\rGET / HTTP/1.1\r\nHost: a\r\n\r\n", BARE_CR),
                refused("bare CR as final line", GET + "\r\r\n", BARE_CR),
                refused("LF line endings", "GET / HTTP/1.1\nHost: a\n\n", BARE_LF),
                refused("bare LF after a field", GET + "Foo: bar\n\r\n", BARE_LF),
                // Request line, target, Host
                refused("double space in request line", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", MALFORMED_REQUEST_LINE),
                refused("HTAB in request line", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", MALFORMED_REQUEST_LINE),
                refused("trailing space in request line", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
                        MALFORMED_REQUEST_LINE),
                refused("control char in target", "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n", MALFORMED_REQUEST_LINE),
                refused("raw UTF-8 in target", "GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: a\r\n\r\n",
                        MALFORMED_REQUEST_LINE),
                refused("request line of two tokens", "GET /\r\nHost: a\r\n\r\n", MALFORMED_REQUEST_LINE),
                refused("non-token method", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", MALFORMED_REQUEST),
                refused("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", UNSUPPORTED_VERSION),
                refused("HTTP/2.0 over HTTP/1 framing", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", UNSUPPORTED_VERSION),
                refused("absolute-form naming another host", "GET http://b/x HTTP/1.1\r\nHost: a\r\n\r\n", HOST_MISMATCH),
                refused("absolute-form with another port", "GET http://a:8080/ HTTP/1.1\r\nHost: a\r\n\r\n",
                        HOST_MISMATCH),
                refused("absolute-form with userinfo", "GET http://u@a/ HTTP/1.1\r\nHost: a\r\n\r\n", HOST_MISMATCH),
                refused("absolute-form with another scheme", "GET ftp://a/ HTTP/1.1\r\nHost: a\r\n\r\n",
                        INVALID_REQUEST_TARGET),
                refused("relative target", "GET x HTTP/1.1\r\nHost: a\r\n\r\n", INVALID_REQUEST_TARGET),
                refused("asterisk outside OPTIONS", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", INVALID_REQUEST_TARGET),
                refused("missing Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", MISSING_HOST),
                refused("two Host fields", GET + "Host: b\r\n\r\n", MULTIPLE_HOST),
                refused("two identical Host fields", GET + "Host: a\r\n\r\n", MULTIPLE_HOST),
                refused("Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", INVALID_HOST),
                refused("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", INVALID_HOST),
                refused("Host with two names", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", INVALID_HOST),
                // Limits
                refused("request line too long", "GET /" + "a".repeat(8200) + " HTTP/1.1\r\nHost: a\r\n\r\n",
                        REQUEST_LINE_TOO_LONG),
                refused("header section too large", GET + ("X-Pad: " + "a".repeat(1000) + "\r\n").repeat(70) + "\r\n",
                        HEADERS_TOO_LARGE),
                refused("one header too large", GET + "X-Pad: " + "a".repeat(70_000) + "\r\n\r\n", HEADERS_TOO_LARGE),
                refused("too many headers", GET + fields(100) + "\r\n", TOO_MANY_HEADERS),
                // Smuggling shapes with a second request hidden behind the first
                refused("CL.TE with hidden request", POST + "Content-Length: 30\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n", CONTENT_LENGTH_AND_TRANSFER_ENCODING),
                refused("obs-fold hiding TE with pipelined request", POST + "Content-Length: 3\r\nX: y\r\n"
                        + " Transfer-Encoding: chunked\r\n\r\nabc" + GET + "\r\n", OBS_FOLD));
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                refused("chunk size not hex", CHUNKED_POST + "zz\r\nhello\r\n0\r\n\r\n", INVALID_CHUNKED_BODY),
                refused("chunk size negative", CHUNKED_POST + "-5\r\nhello\r\n0\r\n\r\n", INVALID_CHUNKED_BODY),
                refused("chunk size with 0x", CHUNKED_POST + "0x5\r\nhello\r\n0\r\n\r\n", INVALID_CHUNKED_BODY),
                refused("chunk size overflow", CHUNKED_POST + "fffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
                        INVALID_CHUNKED_BODY),
                refused("chunk size empty", CHUNKED_POST + "\r\nhello\r\n0\r\n\r\n", INVALID_CHUNKED_BODY),
                refused("chunk size after space", CHUNKED_POST + " 5\r\nhello\r\n0\r\n\r\n", INVALID_CHUNKED_BODY),
                refused("chunk size line ending in bare LF", CHUNKED_POST + "5\nhello\r\n0\r\n\r\n",
                        INVALID_CHUNKED_BODY),
                refused("chunk data without CRLF", CHUNKED_POST + "5\r\nhelloXX0\r\n\r\n", INVALID_CHUNKED_BODY),
                refused("chunk data longer than its size", CHUNKED_POST + "3\r\nhello\r\n0\r\n\r\n",
                        INVALID_CHUNKED_BODY),
                refused("obs-fold in trailers", CHUNKED_POST + "5\r\nhello\r\n0\r\nX: a\r\n b\r\n\r\n", OBS_FOLD),
                refused("bare CR in trailers", CHUNKED_POST + "5\r\nhello\r\n0\r\nX: a\rb\r\n\r\n", BARE_CR));
    }

    static String fields(int count) {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < count; i++) {
            fields.append("X-F").append(i).append(": v\r\n");
        }
        return fields.toString();
    }

    private static Arguments refused(String name, String raw, ProtocolViolation violation) {
        return Arguments.of(name, raw, violation);
    }

    /** The JSON local reply for {@code violation} carrying {@code requestId}. */
    static String replyBody(ProtocolViolation violation, String requestId) {
        return "{\"status\":" + violation.status().code() + ",\"error\":\"" + violation.message()
                + "\",\"request_id\":\"" + requestId + "\"}\n";
    }
}
