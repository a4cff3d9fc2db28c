package dev.gatehouse.views.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.observe.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One completed request as the views see it: read from the trace JSON that the access log and
 * {@code GET /tap} carry (a remote engine), or taken straight from the engine's {@link Trace} (an
 * embedded one); both give equal records.
 *
 * @param time       when the request arrived, epoch milliseconds
 * @param durationMs total time; negative when unknown
 * @param timelineMicros named marks (connection_accepted, route_chosen, ...) in µs from headers parsed
 * @param document   the whole trace as JSON, for fields the record does not name (see {@link #json()})
 */
public record TraceRecord(
        long time,
        String requestId,
        String listener,
        String protocol,
        String method,
        String authority,
        String path,
        String client,
        String route,
        String virtualHost,
        List<String> routeMisses,
        String cluster,
        String endpoint,
        int attempts,
        int status,
        String flags,
        String consumer,
        long requestBytes,
        long responseBytes,
        double durationMs,
        Map<String, Long> timelineMicros,
        List<FilterVerdict> filters,
        TraceJson document) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public TraceRecord {
        routeMisses = List.copyOf(routeMisses);
        timelineMicros = Collections.unmodifiableMap(new LinkedHashMap<>(timelineMicros));
        filters = List.copyOf(filters);
    }

    /** A record whose JSON is the given text. */
    public TraceRecord(long time, String requestId, String listener, String protocol, String method, String authority,
                       String path, String client, String route, String virtualHost, List<String> routeMisses,
                       String cluster, String endpoint, int attempts, int status, String flags, String consumer,
                       long requestBytes, long responseBytes, double durationMs, Map<String, Long> timelineMicros,
                       List<FilterVerdict> filters, String json) {
        this(time, requestId, listener, protocol, method, authority, path, client, route, virtualHost, routeMisses,
                cluster, endpoint, attempts, status, flags, consumer, requestBytes, responseBytes, durationMs,
                timelineMicros, filters, TraceJson.of(json));
    }

    /** The whole trace as one line of JSON, the shape of {@code GET /tap} events (captures included). */
    public String json() {
        return document.text();
    }

    /** One filter's decision in one phase. */
    public record FilterVerdict(String filter, String phase, String verdict, long micros, Map<String, String> notes) {
        public FilterVerdict {
            notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
        }
    }

    /**
     * The record of a completed trace of an embedded engine, equal to {@code fromJson(trace.toJson())}
     * without writing and parsing the JSON.
     */
    public static TraceRecord of(Trace trace) {
        Map<String, Long> timeline = new LinkedHashMap<>();
        timeline.put("connection_accepted", -trace.connectionAgeNanos() / 1000);
        timeline.put("headers_parsed", 0L);
        for (Trace.Mark mark : Trace.Mark.values()) {
            long nanos = trace.nanos(mark);
            if (nanos >= 0) {
                timeline.put(mark.jsonName(), nanos / 1000);
            }
        }
        List<FilterVerdict> filters = new ArrayList<>(trace.filterSpans().size());
        for (Trace.FilterSpan span : trace.filterSpans()) {
            Map<String, String> notes = new LinkedHashMap<>();
            List<String> pairs = span.notes();
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                notes.put(pairs.get(i), pairs.get(i + 1));
            }
            filters.add(new FilterVerdict(span.filter(), span.phase(), span.verdict(), span.nanos() / 1000, notes));
        }
        long duration = trace.durationNanos();
        return new TraceRecord(trace.startEpochMillis(), trace.requestId(), trace.listener(), trace.protocol(),
                trace.method(), trace.authority(), trace.uri(), trace.clientAddress(), trace.route(),
                trace.virtualHost(), trace.routeMisses(), trace.cluster(), trace.endpoint(), trace.attempts(),
                trace.status(), trace.flags(), trace.consumer(), trace.requestBodyBytes(), trace.responseBodyBytes(),
                duration < 0 ? -1 : duration / 1e6, timeline, filters, TraceJson.of(trace));
    }

    public static TraceRecord fromJson(String json) {
        try {
            return fromJson(JSON.readTree(json), json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a trace: " + e.getMessage(), e);
        }
    }

    static TraceRecord fromJson(JsonNode n, String json) {
        List<String> misses = new ArrayList<>();
        n.path("route_misses").forEach(m -> misses.add(m.asText()));
        Map<String, Long> timeline = new LinkedHashMap<>();
        n.path("timeline_us").fields().forEachRemaining(e -> timeline.put(e.getKey(), e.getValue().asLong()));
        List<FilterVerdict> filters = new ArrayList<>();
        for (JsonNode f : n.path("filters")) {
            Map<String, String> notes = new LinkedHashMap<>();
            f.path("notes").fields().forEachRemaining(e -> notes.put(e.getKey(), e.getValue().asText()));
            filters.add(new FilterVerdict(f.path("name").asText(), f.path("phase").asText(),
                    f.path("verdict").asText(), f.path("us").asLong(), notes));
        }
        return new TraceRecord(n.path("time").asLong(), n.path("request_id").asText(), n.path("listener").asText(),
                n.path("protocol").asText(), n.path("method").asText(), n.path("authority").asText(),
                n.path("path").asText(), n.path("client").asText(), n.path("route").asText(),
                n.path("virtual_host").asText(), misses, n.path("cluster").asText(), n.path("endpoint").asText(),
                n.path("attempts").asInt(), n.path("status").asInt(), n.path("flags").asText(),
                n.path("consumer").asText(), n.path("request_bytes").asLong(), n.path("response_bytes").asLong(),
                n.path("duration_ms").asDouble(-1), timeline, filters, json);
    }
}
