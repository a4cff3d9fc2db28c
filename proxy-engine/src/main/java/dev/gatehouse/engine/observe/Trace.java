package dev.gatehouse.engine.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import io.netty.buffer.ByteBuf;

/**
 * One request's record as it passed through the gateway: who asked for what, which route, cluster
 * and endpoint served it, how it ended, and when each step happened. The exchange fills it in on its
 * event loop and publishes it to the {@link TraceTap} once complete; after that it is never changed,
 * so readers on other threads may read it freely.
 */
public final class Trace {
    /** Steps of a request's life, timed in nanoseconds from the moment its headers were parsed. */
    public enum Mark {
        ROUTE_CHOSEN("route_chosen"),
        UPSTREAM_CONNECTED("upstream_connected"),
        UPSTREAM_FIRST_BYTE("upstream_first_byte"),
        RESPONSE_COMPLETE("response_complete");

        private final String jsonName;

        Mark(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /**
     * One filter's decision in one phase: {@code continue}, {@code modify}, {@code reject} or
     * {@code error}, how long the filter took, and its notes (e.g. "sub" = "user123").
     */
    public record FilterSpan(String filter, String phase, String verdict, long nanos, List<String> notes) {
        public FilterSpan {
            notes = List.copyOf(notes);
        }
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final Mark[] MARKS = Mark.values();

    private final String requestId;
    private final long startEpochMillis;
    private final long startNanos;
    private final String listener;
    private final String protocol;
    private final String method;
    private final String authority;
    private final String uri;
    private final String clientAddress;
    private final long[] marks = new long[MARKS.length];
    private long acceptedOffsetNanos;
    private String route = "";
    private String cluster = "";
    private String endpoint = "";
    private int attempts;
    private int status;
    private String flags = "";
    private long requestBodyBytes;
    private long responseBodyBytes;
    private String consumer = "";
    private String virtualHost = "";
    private List<String> routeMisses = List.of();
    private List<FilterSpan> filterSpans = List.of();
    private boolean captureHeaders;
    private int captureBodyBytes;
    private List<String> requestHeaders = List.of();
    private List<String> responseHeaders = List.of();
    private final BodyCapture requestBodyCapture = new BodyCapture();
    private final BodyCapture responseBodyCapture = new BodyCapture();

    public Trace(String requestId, String listener, String protocol, String method, String authority, String uri,
                 String clientAddress) {
        this.requestId = requestId;
        this.startEpochMillis = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
        this.listener = listener;
        this.protocol = protocol;
        this.method = method;
        this.authority = authority == null ? "" : authority;
        this.uri = uri;
        this.clientAddress = clientAddress;
        java.util.Arrays.fill(marks, -1);
    }

    // ---------------------------------------------------------------- recording (exchange's event loop)

    /**
     * When the request's connection (or HTTP/2 stream) was accepted, as {@link System#nanoTime()}: shown
     * in the timeline as a negative offset from the moment this request's headers were parsed.
     */
    public void connectionAccepted(long acceptedAtNanos) {
        this.acceptedOffsetNanos = Math.min(0, acceptedAtNanos - startNanos);
    }

    /** Nanoseconds from the connection's accept to this request's headers (0 or more). */
    public long connectionAgeNanos() {
        return -acceptedOffsetNanos;
    }

    /** Records a step the first time it happens; later calls keep the first time. */
    public void mark(Mark mark) {
        markAt(mark, System.nanoTime());
    }

    /** Like {@link #mark}, and returns the clock it read, so a caller that also needs the time reads it once. */
    public long markNow(Mark mark) {
        long now = System.nanoTime();
        markAt(mark, now);
        return now;
    }

    /** The first time {@code mark} is reached counts. */
    private void markAt(Mark mark, long nowNanos) {
        if (marks[mark.ordinal()] < 0) {
            marks[mark.ordinal()] = nowNanos - startNanos;
        }
    }

    /** When this request's headers were parsed, as {@link System#nanoTime()}. */
    public long startNanos() {
        return startNanos;
    }

    public void route(String name) {
        this.route = name;
    }

    public void cluster(String name) {
        this.cluster = name;
    }

    /** An upstream attempt started against this endpoint ("host:port"). */
    public void attempt(String endpointAuthority) {
        this.endpoint = endpointAuthority;
        attempts++;
    }

    /** Which virtual host took the request and why earlier routes did not match (first few). */
    public void routeExplanation(String host, List<String> routeMisses) {
        this.virtualHost = host == null ? "" : host;
        this.routeMisses = routeMisses.isEmpty() ? List.of() : List.copyOf(routeMisses);
    }

    public String virtualHost() {
        return virtualHost;
    }

    /** "route: reason" for the first few routes that did not match; empty unless explained. */
    public List<String> routeMisses() {
        return routeMisses;
    }

    public void consumer(String name) {
        this.consumer = name == null ? "" : name;
    }

    public void filterSpan(FilterSpan span) {
        if (filterSpans.isEmpty()) {
            filterSpans = new ArrayList<>(4);
        }
        filterSpans.add(span);
    }

    public void requestBody(long bytes) {
        requestBodyBytes += bytes;
    }

    public void responseBody(long bytes) {
        responseBodyBytes += bytes;
    }

    /** The request is over: its final status (0 if the client went away first) and response flags. */
    public void finish(int finalStatus, String responseFlags) {
        finish(finalStatus, responseFlags, System.nanoTime());
    }

    /** Like {@link #finish(int, String)}, at {@code nowNanos} ({@link System#nanoTime()}) already read. */
    public void finish(int finalStatus, String responseFlags, long nowNanos) {
        this.status = finalStatus;
        this.flags = responseFlags;
        markAt(Mark.RESPONSE_COMPLETE, nowNanos);
    }

    /**
     * Turns on capture for this trace (observability.capture): headers, and up to {@code bodyBytes} of
     * each body. Off unless called; the capture calls below are then free.
     */
    public void captureLimits(boolean headers, int bodyBytes) {
        this.captureHeaders = headers;
        this.captureBodyBytes = Math.max(0, bodyBytes);
    }

    public void captureRequestHeaders(Iterable<Map.Entry<String, String>> headers) {
        if (captureHeaders) {
            requestHeaders = flatten(headers);
        }
    }

    /** The response head as sent downstream (the last call wins: a local reply replaces an upstream head). */
    public void captureResponseHeaders(Iterable<Map.Entry<String, String>> headers) {
        if (captureHeaders) {
            responseHeaders = flatten(headers);
        }
    }

    /** Keeps the chunk's bytes up to the limit; the buffer's indexes are not moved. */
    public void captureRequestBody(ByteBuf chunk) {
        requestBodyCapture.add(chunk, captureBodyBytes);
    }

    public void captureResponseBody(ByteBuf chunk) {
        responseBodyCapture.add(chunk, captureBodyBytes);
    }

    private static List<String> flatten(Iterable<Map.Entry<String, String>> headers) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            out.add(h.getKey());
            out.add(h.getValue());
        }
        return out;
    }

    /** The first bytes of a body, up to a limit, and whether more went by. */
    private static final class BodyCapture {
        private byte[] bytes;
        private int length;
        private boolean truncated;

        void add(ByteBuf chunk, int limit) {
            int readable = chunk.readableBytes();
            if (limit == 0 || readable == 0) {
                return;
            }
            int take = Math.min(readable, limit - length);
            if (take < readable) {
                truncated = true;
            }
            if (take <= 0) {
                return;
            }
            if (bytes == null || bytes.length < length + take) {
                bytes = java.util.Arrays.copyOf(bytes == null ? new byte[0] : bytes, Math.min(limit, Math.max(length + take, 2 * length)));
            }
            chunk.getBytes(chunk.readerIndex(), bytes, length, take);
            length += take;
        }

        boolean any() {
            return length > 0 || truncated;
        }

        String text() {
            return bytes == null ? "" : new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------- reading (any thread, once published)

    public String requestId() {
        return requestId;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    public String listener() {
        return listener;
    }

    public String protocol() {
        return protocol;
    }

    public String method() {
        return method;
    }

    public String authority() {
        return authority;
    }

    public String uri() {
        return uri;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public String route() {
        return route;
    }

    public String cluster() {
        return cluster;
    }

    public String endpoint() {
        return endpoint;
    }

    /** Upstream attempts made; more than one means retries. */
    public int attempts() {
        return attempts;
    }

    public int status() {
        return status;
    }

    public String flags() {
        return flags;
    }

    public String consumer() {
        return consumer;
    }

    /** Each filter's verdicts, in the order they ran. */
    public List<FilterSpan> filterSpans() {
        return Collections.unmodifiableList(filterSpans);
    }

    public long requestBodyBytes() {
        return requestBodyBytes;
    }

    public long responseBodyBytes() {
        return responseBodyBytes;
    }

    /** Nanoseconds from headers parsed to the step, or -1 if it never happened. */
    public long nanos(Mark mark) {
        return marks[mark.ordinal()];
    }

    /** Total time from headers parsed to response complete, in nanoseconds (-1 while running). */
    public long durationNanos() {
        return marks[Mark.RESPONSE_COMPLETE.ordinal()];
    }

    /**
     * A compact one-line summary for the {@code x-gatehouse-trace} response header, e.g.
     * {@code route=api; cluster=echo; endpoint=127.0.0.1:9001; attempts=1; upstream_us=812; filters=jwt:continue,cors:modify}.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder(128)
                .append("route=").append(route.isEmpty() ? "-" : route)
                .append("; cluster=").append(cluster.isEmpty() ? "-" : cluster)
                .append("; endpoint=").append(endpoint.isEmpty() ? "-" : endpoint)
                .append("; attempts=").append(attempts);
        long connected = marks[Mark.UPSTREAM_CONNECTED.ordinal()];
        long firstByte = marks[Mark.UPSTREAM_FIRST_BYTE.ordinal()];
        if (connected >= 0 && firstByte >= connected) {
            sb.append("; upstream_us=").append((firstByte - connected) / 1000);
        }
        if (!filterSpans.isEmpty()) {
            sb.append("; filters=");
            for (int i = 0; i < filterSpans.size(); i++) {
                FilterSpan span = filterSpans.get(i);
                if (span.phase().equals("request_headers")) {
                    if (sb.charAt(sb.length() - 1) != '=') {
                        sb.append(',');
                    }
                    sb.append(span.filter()).append(':').append(span.verdict());
                }
            }
        }
        if (!consumer.isEmpty()) {
            sb.append("; consumer=").append(consumer);
        }
        return sb.toString();
    }

    /** The trace as one line of JSON, the shape of the access log and of {@code GET /tap} events. */
    public String toJson() {
        var out = new StringWriter(320);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("time", startEpochMillis);
            json.writeStringField("request_id", requestId);
            json.writeStringField("listener", listener);
            json.writeStringField("protocol", protocol);
            json.writeStringField("method", method);
            json.writeStringField("authority", authority);
            json.writeStringField("path", uri);
            json.writeStringField("client", clientAddress);
            json.writeStringField("route", route);
            if (!virtualHost.isEmpty()) {
                json.writeStringField("virtual_host", virtualHost);
            }
            if (!routeMisses.isEmpty()) {
                json.writeArrayFieldStart("route_misses");
                for (String miss : routeMisses) {
                    json.writeString(miss);
                }
                json.writeEndArray();
            }
            json.writeStringField("cluster", cluster);
            json.writeStringField("endpoint", endpoint);
            json.writeNumberField("attempts", attempts);
            json.writeNumberField("status", status);
            json.writeStringField("flags", flags);
            json.writeStringField("consumer", consumer);
            json.writeNumberField("request_bytes", requestBodyBytes);
            json.writeNumberField("response_bytes", responseBodyBytes);
            json.writeNumberField("duration_ms", durationNanos() < 0 ? -1 : durationNanos() / 1e6);
            json.writeObjectFieldStart("timeline_us");
            json.writeNumberField("connection_accepted", acceptedOffsetNanos / 1000);
            json.writeNumberField("headers_parsed", 0);
            for (Mark m : MARKS) {
                if (marks[m.ordinal()] >= 0) {
                    json.writeNumberField(m.jsonName(), marks[m.ordinal()] / 1000);
                }
            }
            json.writeEndObject();
            json.writeArrayFieldStart("filters");
            for (FilterSpan span : filterSpans) {
                json.writeStartObject();
                json.writeStringField("name", span.filter());
                json.writeStringField("phase", span.phase());
                json.writeStringField("verdict", span.verdict());
                json.writeNumberField("us", span.nanos() / 1000);
                if (!span.notes().isEmpty()) {
                    json.writeObjectFieldStart("notes");
                    for (int i = 0; i + 1 < span.notes().size(); i += 2) {
                        json.writeStringField(span.notes().get(i), span.notes().get(i + 1));
                    }
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            writeCapture(json, "request", requestHeaders, requestBodyCapture);
            writeCapture(json, "response", responseHeaders, responseBodyCapture);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@code "request": {"headers": [[name, value], ...], "body": "...", "body_truncated": true}}, when captured. */
    private static void writeCapture(JsonGenerator json, String field, List<String> headers, BodyCapture body)
            throws IOException {
        if (headers.isEmpty() && !body.any()) {
            return;
        }
        json.writeObjectFieldStart(field);
        if (!headers.isEmpty()) {
            json.writeArrayFieldStart("headers");
            for (int i = 0; i + 1 < headers.size(); i += 2) {
                json.writeStartArray();
                json.writeString(headers.get(i));
                json.writeString(headers.get(i + 1));
                json.writeEndArray();
            }
            json.writeEndArray();
        }
        if (body.any()) {
            json.writeStringField("body", body.text());
            if (body.truncated) {
                json.writeBooleanField("body_truncated", true);
            }
        }
        json.writeEndObject();
    }

    @Override
    public String toString() {
        return method + " " + authority + uri + " -> " + status + (flags.isEmpty() ? "" : " [" + flags + "]")
                + " via " + (route.isEmpty() ? "-" : route) + " (" + requestId + ")";
    }
}
