package dev.gatehouse.engine.http;

import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.TransferEncodingNotAllowedException;
import java.util.List;

/**
 * The checks on a decoded request head: version, header count, message framing, Host and request target.
 * Framing headers of an accepted request are rewritten to one canonical field each, so whatever is sent
 * upstream cannot be read two ways.
 */
final class RequestHeadRules {
    /** {@link #contentLength(List)}: a value that is not 1*DIGIT, or no value at all. */
    static final long INVALID_LENGTH = -1;
    /** {@link #contentLength(List)}: values that differ. */
    static final long CONFLICTING_LENGTH = -2;
    /** unreserved, pct-encoded, sub-delims, ':' and '[' ']' of an authority: RFC 3986 §3.2.2. */
    private static final boolean[] AUTHORITY_CHARS = AsciiClass.alphaNumericAnd("-._~%!$&'()*+,;=:[]");

    private RequestHeadRules() {
    }

    /** The first rule a successfully decoded head breaks, or null when it may be passed on. */
    static ProtocolViolation check(HttpRequest request, int maxHeaders) {
        HttpVersion version = request.protocolVersion();
        if (!isHttp1(version) || version.minorVersion() > 1) {
            return ProtocolViolation.UNSUPPORTED_VERSION;
        }
        if (request.headers().size() > maxHeaders) {
            return ProtocolViolation.TOO_MANY_HEADERS;
        }
        ProtocolViolation framing = framing(request);
        return framing != null ? framing : hostAndTarget(request);
    }

    /** Names the failure Netty's decoder reported for a head. */
    static ProtocolViolation classifyFailure(HttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof TooLongHttpLineException) {
            return ProtocolViolation.REQUEST_LINE_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return ProtocolViolation.HEADERS_TOO_LARGE;
        }
        if (cause instanceof TransferEncodingNotAllowedException) {
            return ProtocolViolation.TRANSFER_ENCODING_IN_HTTP_1_0;
        }
        if (cause instanceof ContentLengthNotAllowedException) {
            return ProtocolViolation.CONTENT_LENGTH_AND_TRANSFER_ENCODING;
        }
        // Netty reports its other framing faults as plain IllegalArgumentExceptions; the headers it kept say which.
        ProtocolViolation framing = framing(request);
        return framing != null ? framing : ProtocolViolation.MALFORMED_REQUEST;
    }

    private static ProtocolViolation framing(HttpRequest request) {
        HttpHeaders headers = request.headers();
        boolean transferEncoding = headers.contains(HttpHeaderNames.TRANSFER_ENCODING);
        boolean contentLength = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        if (transferEncoding) {
            if (isHttp1(request.protocolVersion()) && request.protocolVersion().minorVersion() == 0) {
                return ProtocolViolation.TRANSFER_ENCODING_IN_HTTP_1_0;
            }
            if (contentLength) {
                return ProtocolViolation.CONTENT_LENGTH_AND_TRANSFER_ENCODING;
            }
            if (!isExactlyChunked(headers.getAll(HttpHeaderNames.TRANSFER_ENCODING))) {
                return ProtocolViolation.UNSUPPORTED_TRANSFER_ENCODING;
            }
            // Coding names are case-insensitive (RFC 9112 §7); send upstream the spelling every parser knows.
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            return null;
        }
        return contentLength ? contentLength(headers) : null;
    }

    /** True when the fields hold one coding, chunked; empty list elements are ignored (RFC 9110 §5.6.1). */
    private static boolean isExactlyChunked(List<String> fields) {
        int codings = 0;
        boolean chunked = false;
        for (String field : fields) {
            int start = 0;
            while (true) {
                int comma = field.indexOf(',', start);
                int end = comma < 0 ? field.length() : comma;
                String coding = field.substring(start, end).trim();
                if (!coding.isEmpty()) {
                    codings++;
                    chunked = coding.equalsIgnoreCase("chunked");
                }
                if (comma < 0) {
                    break;
                }
                start = comma + 1;
            }
        }
        return codings == 1 && chunked;
    }

    /**
     * Accepts one decimal value, possibly repeated identically ("5, 5"), and leaves a single canonical
     * field: without leading zeros that some parsers read as octal.
     */
    private static ProtocolViolation contentLength(HttpHeaders headers) {
        long length = contentLength(headers.getAll(HttpHeaderNames.CONTENT_LENGTH));
        if (length == INVALID_LENGTH) {
            return ProtocolViolation.INVALID_CONTENT_LENGTH;
        }
        if (length == CONFLICTING_LENGTH) {
            return ProtocolViolation.CONFLICTING_CONTENT_LENGTH;
        }
        headers.set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
        return null;
    }

    /**
     * The length that Content-Length {@code fields} state: one decimal value, possibly repeated
     * identically ("5, 5" or two fields); else {@link #INVALID_LENGTH} or {@link #CONFLICTING_LENGTH}.
     */
    static long contentLength(List<String> fields) {
        long length = INVALID_LENGTH;
        for (String field : fields) {
            int start = 0;
            while (true) {
                int comma = field.indexOf(',', start);
                int end = comma < 0 ? field.length() : comma;
                long value = decimal(field, start, end);
                if (value < 0) {
                    return INVALID_LENGTH;
                }
                if (length >= 0 && value != length) {
                    return CONFLICTING_LENGTH;
                }
                length = value;
                if (comma < 0) {
                    break;
                }
                start = comma + 1;
            }
        }
        return length;
    }

    /** The value of 1*DIGIT between optional whitespace, or -1 for anything else (sign, hex, empty, overflow). */
    private static long decimal(String s, int start, int end) {
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static ProtocolViolation hostAndTarget(HttpRequest request) {
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return ProtocolViolation.MULTIPLE_HOST;
        }
        String host = hosts.isEmpty() ? null : hosts.get(0);
        if (host == null && request.protocolVersion().minorVersion() != 0) {
            return ProtocolViolation.MISSING_HOST; // HTTP/1.0 predates Host and may omit it
        }
        if (host != null && !isAuthority(host)) {
            return ProtocolViolation.INVALID_HOST;
        }
        return target(request, host);
    }

    private static ProtocolViolation target(HttpRequest request, String host) {
        String uri = request.uri();
        if (uri.startsWith("/")) {
            return null; // origin-form
        }
        if (uri.equals("*")) {
            return HttpMethod.OPTIONS.equals(request.method()) ? null : ProtocolViolation.INVALID_REQUEST_TARGET;
        }
        if (HttpMethod.CONNECT.equals(request.method())) {
            return null; // authority-form: whoever handles CONNECT checks it
        }
        String authority = absoluteFormAuthority(uri);
        if (authority == null || authority.isEmpty()) {
            return ProtocolViolation.INVALID_REQUEST_TARGET;
        }
        // RFC 9112 §3.2.2 says the target's authority wins over Host. Refusing a mismatch keeps routing
        // (by Host) and the upstream (which may read either) in agreement.
        if (host != null && !authority.equalsIgnoreCase(host)) {
            return ProtocolViolation.HOST_MISMATCH;
        }
        return null;
    }

    /** The authority of an http or https absolute-form target, or null for any other form or scheme. */
    private static String absoluteFormAuthority(String uri) {
        int start;
        if (uri.regionMatches(true, 0, "http://", 0, 7)) {
            start = 7;
        } else if (uri.regionMatches(true, 0, "https://", 0, 8)) {
            start = 8;
        } else {
            return null;
        }
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        return uri.substring(start, end);
    }

    /** uri-host [":" port] from RFC 9110 §7.2; no userinfo, no whitespace, no path. */
    private static boolean isAuthority(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= AUTHORITY_CHARS.length || !AUTHORITY_CHARS[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHttp1(HttpVersion version) {
        return "HTTP".equals(version.protocolName()) && version.majorVersion() == 1;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }
}
