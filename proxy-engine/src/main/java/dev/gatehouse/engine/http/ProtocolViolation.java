package dev.gatehouse.engine.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Why the gateway refused a downstream HTTP/1.1 request instead of passing it on. Each violation carries
 * the status of the local reply, a stable reason code for metrics and logs, and the message shown to the
 * client. The strict pipeline also fires the violation as a user event, so the handler after it can
 * abandon a request whose body turned out to be broken.
 */
public enum ProtocolViolation {
    /** The request line exceeds {@link Http1Limits#maxRequestLineBytes()}. */
    REQUEST_LINE_TOO_LONG("request_line_too_long", HttpResponseStatus.REQUEST_URI_TOO_LONG,
            "request line too long"),
    /** The header section exceeds {@link Http1Limits#maxHeaderBytes()}. */
    HEADERS_TOO_LARGE("headers_too_large", HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request header section too large"),
    /** More header fields than {@link Http1Limits#maxHeaders()}. */
    TOO_MANY_HEADERS("too_many_headers", HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "too many request header fields"),
    /** The request line is not exactly {@code method SP target SP version} in visible ASCII. */
    MALFORMED_REQUEST_LINE("malformed_request_line", HttpResponseStatus.BAD_REQUEST,
            "malformed request line"),
    /** A version other than HTTP/1.0 or HTTP/1.1. */
    UNSUPPORTED_VERSION("unsupported_version", HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
            "only HTTP/1.0 and HTTP/1.1 are supported"),
    /** The target is neither origin-form, an http(s) absolute-form, nor {@code *} for OPTIONS. */
    INVALID_REQUEST_TARGET("invalid_request_target", HttpResponseStatus.BAD_REQUEST,
            "invalid request target"),
    /** A CR not followed by LF in the request head or trailer section. */
    BARE_CR("bare_cr", HttpResponseStatus.BAD_REQUEST,
            "CR not followed by LF in request head"),
    /** A LF not preceded by CR in the request head or trailer section. */
    BARE_LF("bare_lf", HttpResponseStatus.BAD_REQUEST,
            "LF without preceding CR in request head"),
    /** A field line starting with SP or HTAB: obsolete line folding (RFC 9112 §5.2). */
    OBS_FOLD("obs_fold", HttpResponseStatus.BAD_REQUEST,
            "obsolete line folding in header fields"),
    /** A field name that is empty, not a token, or followed by whitespace before the colon. */
    INVALID_HEADER_NAME("invalid_header_name", HttpResponseStatus.BAD_REQUEST,
            "invalid header field name"),
    /** A control character (other than HTAB) or DEL in a field value. */
    INVALID_HEADER_VALUE("invalid_header_value", HttpResponseStatus.BAD_REQUEST,
            "invalid character in header field value"),
    /** An HTTP/1.1 request without Host. */
    MISSING_HOST("missing_host", HttpResponseStatus.BAD_REQUEST,
            "missing Host header"),
    /** More than one Host field. */
    MULTIPLE_HOST("multiple_host", HttpResponseStatus.BAD_REQUEST,
            "more than one Host header"),
    /** A Host value that is not {@code host[:port]}. */
    INVALID_HOST("invalid_host", HttpResponseStatus.BAD_REQUEST,
            "invalid Host header"),
    /** An absolute-form target whose authority differs from Host. */
    HOST_MISMATCH("host_mismatch", HttpResponseStatus.BAD_REQUEST,
            "request target authority does not match Host header"),
    /** Both Content-Length and Transfer-Encoding: the classic smuggling setup. */
    CONTENT_LENGTH_AND_TRANSFER_ENCODING("content_length_and_transfer_encoding", HttpResponseStatus.BAD_REQUEST,
            "both Content-Length and Transfer-Encoding present"),
    /** Content-Length given more than once with different values. */
    CONFLICTING_CONTENT_LENGTH("conflicting_content_length", HttpResponseStatus.BAD_REQUEST,
            "conflicting Content-Length values"),
    /** A Content-Length that is not a plain decimal number that fits in a long. */
    INVALID_CONTENT_LENGTH("invalid_content_length", HttpResponseStatus.BAD_REQUEST,
            "invalid Content-Length"),
    /** Transfer-Encoding other than exactly one {@code chunked}; the gateway decodes no other coding. */
    UNSUPPORTED_TRANSFER_ENCODING("unsupported_transfer_encoding", HttpResponseStatus.BAD_REQUEST,
            "Transfer-Encoding must be exactly chunked"),
    /** Transfer-Encoding in an HTTP/1.0 request, which cannot carry it (RFC 9112 §6.1). */
    TRANSFER_ENCODING_IN_HTTP_1_0("transfer_encoding_in_http_1_0", HttpResponseStatus.BAD_REQUEST,
            "Transfer-Encoding is not allowed in HTTP/1.0 requests"),
    /** A chunk size that is not hex or too big, a chunk not ended by CRLF, or a bad chunk line. */
    INVALID_CHUNKED_BODY("invalid_chunked_body", HttpResponseStatus.BAD_REQUEST,
            "malformed chunked body"),
    /** Any other parse failure, including the guard and the decoder disagreeing on message boundaries. */
    MALFORMED_REQUEST("malformed_request", HttpResponseStatus.BAD_REQUEST,
            "malformed request");

    private final String code;
    private final HttpResponseStatus status;
    private final String message;

    ProtocolViolation(String code, HttpResponseStatus status, String message) {
        this.code = code;
        this.status = status;
        this.message = message;
    }

    /** A stable snake_case reason code, e.g. {@code obs_fold}, for metric labels and access logs. */
    public String code() {
        return code;
    }

    /** The status of the local reply. */
    public HttpResponseStatus status() {
        return status;
    }

    /** The {@code error} text of the local reply. */
    public String message() {
        return message;
    }
}
