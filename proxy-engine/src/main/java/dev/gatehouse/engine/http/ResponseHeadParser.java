package dev.gatehouse.engine.http;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one complete HTTP/1.x response head (status line, field lines, the empty line) from a byte
 * array, for {@link Http1ClientCodec}. Field names must be tokens and values may not hold control bytes
 * other than HTAB (obs-text is kept, as Latin-1); obsolete line folding is replaced by one space. The
 * field names upstreams send most are shared constants instead of new strings, in the case they came in.
 */
final class ResponseHeadParser {
    /** What a head parsed into; {@code error} is null when the rest is set. */
    record Head(HttpVersion version, HttpResponseStatus status, HttpHeaders headers, String error) {
        static Head failed(String error) {
            return new Head(null, null, null, error);
        }
    }

    /** Validation already happened here, byte by byte: the headers object need not repeat it. */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final AsciiString[][] KNOWN_NAMES_BY_LENGTH = knownNames(
            "Date", "Server", "Content-Type", "Content-Length", "Connection", "Transfer-Encoding", "Cache-Control",
            "Keep-Alive", "Vary", "ETag", "Last-Modified", "Location", "Set-Cookie", "Expires", "Accept-Ranges",
            "Content-Encoding", "X-Request-Id", "Access-Control-Allow-Origin", "Strict-Transport-Security", "Age",
            "X-Content-Type-Options", "Pragma", "Via", "Upgrade", "Trailer", "Grpc-Status", "Grpc-Message");

    private final List<CharSequence> names = new ArrayList<>(16);
    private final List<String> values = new ArrayList<>(16);

    /** Parses {@code head}, which holds exactly one head ending in its empty line. */
    Head parse(byte[] head) {
        int lineEnd = lineEnd(head, 0);
        if (lineEnd < 0) {
            return Head.failed("status line has a bare CR");
        }
        int firstSpace = indexOf(head, (byte) ' ', 0, lineEnd);
        HttpVersion version = firstSpace < 0 ? null : version(head, firstSpace);
        if (version == null) {
            return Head.failed("unsupported or malformed status line");
        }
        int c = firstSpace + 1;
        if (c + 3 > lineEnd || !isDigit(head[c]) || !isDigit(head[c + 1]) || !isDigit(head[c + 2])
                || c + 3 < lineEnd && head[c + 3] != ' ' || head[c] == '0') {
            return Head.failed("malformed status code");
        }
        int code = (head[c] - '0') * 100 + (head[c + 1] - '0') * 10 + head[c + 2] - '0';
        int reasonStart = Math.min(c + 4, lineEnd);
        for (int i = reasonStart; i < lineEnd; i++) {
            int b = head[i] & 0xFF;
            if (b < 0x20 && b != '\t' || b == 0x7F) {
                return Head.failed("control byte in the reason phrase");
            }
        }
        HttpResponseStatus status = status(code, head, reasonStart, lineEnd);
        HttpHeaders headers = fields(head, next(head, lineEnd));
        if (headers == null) {
            return Head.failed("invalid header field");
        }
        return new Head(version, status, headers, null);
    }

    /** Parses a trailer section (field lines and the empty line); null when a field is invalid. */
    HttpHeaders parseTrailers(byte[] section) {
        return fields(section, 0);
    }

    private HttpHeaders fields(byte[] head, int from) {
        names.clear();
        values.clear();
        int start = from;
        while (start < head.length) {
            int end = lineEnd(head, start);
            if (end < 0) {
                return null;
            }
            if (end == start) {
                break; // the empty line
            }
            if (head[start] == ' ' || head[start] == '\t') {
                if (values.isEmpty()) {
                    return null; // folding with nothing to fold into
                }
                int last = values.size() - 1;
                String more = value(head, start, end);
                if (more == null) {
                    return null;
                }
                values.set(last, values.get(last).isEmpty() ? more : values.get(last) + " " + more);
            } else if (!field(head, start, end)) {
                return null;
            }
            start = next(head, end);
        }
        HttpHeaders headers = HEADERS.newHeaders();
        for (int i = 0; i < names.size(); i++) {
            headers.add(names.get(i), values.get(i));
        }
        return headers;
    }

    private boolean field(byte[] head, int start, int end) {
        int colon = start;
        while (colon < end && head[colon] != ':') {
            if (!AsciiClass.isTokenChar(head[colon] & 0xFF)) {
                return false;
            }
            colon++;
        }
        if (colon == start || colon == end) {
            return false;
        }
        String value = value(head, colon + 1, end);
        if (value == null) {
            return false;
        }
        names.add(name(head, start, colon));
        values.add(value);
        return true;
    }

    /** The value between optional whitespace, or null if it holds a control byte. */
    private static String value(byte[] head, int start, int end) {
        while (start < end && (head[start] == ' ' || head[start] == '\t')) {
            start++;
        }
        while (end > start && (head[end - 1] == ' ' || head[end - 1] == '\t')) {
            end--;
        }
        for (int i = start; i < end; i++) {
            int b = head[i] & 0xFF;
            if (b < 0x20 && b != '\t' || b == 0x7F) {
                return null;
            }
        }
        return latin1(head, start, end);
    }

    private static CharSequence name(byte[] head, int start, int end) {
        int length = end - start;
        if (length < KNOWN_NAMES_BY_LENGTH.length) {
            for (AsciiString known : KNOWN_NAMES_BY_LENGTH[length]) {
                if (equals(known, head, start)) {
                    return known;
                }
            }
        }
        return latin1(head, start, end);
    }

    private static boolean equals(AsciiString known, byte[] head, int start) {
        byte[] bytes = known.array();
        int offset = known.arrayOffset();
        for (int i = 0; i < known.length(); i++) {
            if (bytes[offset + i] != head[start + i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the CR or LF ending the line at {@code start}, or -1 for a bare CR. */
    private static int lineEnd(byte[] head, int start) {
        for (int i = start; i < head.length; i++) {
            if (head[i] == '\n') {
                return i;
            }
            if (head[i] == '\r') {
                return i + 1 < head.length && head[i + 1] == '\n' ? i : -1;
            }
        }
        return head.length;
    }

    /** The start of the line after the one ending at {@code end}. */
    private static int next(byte[] head, int end) {
        return end < head.length && head[end] == '\r' ? end + 2 : end + 1;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static HttpResponseStatus status(int code, byte[] head, int reasonStart, int reasonEnd) {
        HttpResponseStatus known = HttpResponseStatus.valueOf(code);
        String phrase = known.reasonPhrase();
        int length = reasonEnd - reasonStart;
        if (phrase.length() == length) {
            boolean same = true;
            for (int i = 0; i < length && same; i++) {
                same = head[reasonStart + i] == phrase.charAt(i);
            }
            if (same) {
                return known;
            }
        }
        return new HttpResponseStatus(code, latin1(head, reasonStart, reasonEnd));
    }

    @SuppressWarnings("deprecation") // the Latin-1 constructor: a straight byte copy into a compact string
    private static String latin1(byte[] bytes, int from, int to) {
        return new String(bytes, 0, from, to - from);
    }

    private static HttpVersion version(byte[] head, int end) {
        // "HTTP/1.1" or "HTTP/1.0"; anything else is not a response this codec reads.
        if (end != 8 || head[0] != 'H' || head[1] != 'T' || head[2] != 'T' || head[3] != 'P' || head[4] != '/'
                || head[5] != '1' || head[6] != '.') {
            return null;
        }
        return head[7] == '1' ? HttpVersion.HTTP_1_1 : head[7] == '0' ? HttpVersion.HTTP_1_0 : null;
    }

    /** Each name as sent in Title-Case and in lower case, grouped by length. */
    private static AsciiString[][] knownNames(String... titleCase) {
        int longest = 0;
        for (String name : titleCase) {
            longest = Math.max(longest, name.length());
        }
        List<List<AsciiString>> byLength = new ArrayList<>();
        for (int i = 0; i <= longest; i++) {
            byLength.add(new ArrayList<>());
        }
        for (String name : titleCase) {
            byLength.get(name.length()).add(AsciiString.cached(name));
            byLength.get(name.length()).add(AsciiString.cached(name.toLowerCase(java.util.Locale.ROOT)));
        }
        AsciiString[][] table = new AsciiString[longest + 1][];
        for (int i = 0; i <= longest; i++) {
            table[i] = byLength.get(i).toArray(new AsciiString[0]);
        }
        return table;
    }
}
