package dev.gatehouse.views.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One completed request as the views see it, read from the trace JSON that the access log and
 * {@code GET /tap} carry, so embedded and remote engines give the same records.
 *
 * @param time       when the request arrived, epoch milliseconds
 * @param durationMs total time; negative when unknown
 * @param timelineMicros named marks (connection_accepted, route_chosen, ...) in µs from headers parsed
 * @param json       the whole trace as received, for fields the record does not name
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
        String json) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public TraceRecord {
        routeMisses = List.copyOf(routeMisses);
        timelineMicros = Collections.unmodifiableMap(new LinkedHashMap<>(timelineMicros));
        filters = List.copyOf(filters);
    }

    /** One filter's decision in one phase. */
    public record FilterVerdict(String filter, String phase, String verdict, long micros, Map<String, String> notes) {
        public FilterVerdict {
            notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
        }
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
