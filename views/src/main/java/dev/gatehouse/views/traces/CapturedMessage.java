package dev.gatehouse.views.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.views.engine.TraceRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request or response as the engine captured it for the trace (headers, and the first bytes of the
 * body), read from the trace JSON. Empty when capture is off ({@code observability.capture}).
 *
 * @param headers   name/value pairs in arrival order
 * @param body      the captured body text (UTF-8), possibly cut
 * @param truncated whether the body was longer than the engine's capture limit
 */
public record CapturedMessage(List<Map.Entry<String, String>> headers, String body, boolean truncated) {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final CapturedMessage NONE = new CapturedMessage(List.of(), "", false);

    public CapturedMessage {
        headers = List.copyOf(headers);
    }

    public static CapturedMessage request(TraceRecord t) {
        return read(t, "request");
    }

    public static CapturedMessage response(TraceRecord t) {
        return read(t, "response");
    }

    public boolean captured() {
        return !headers.isEmpty() || !body.isEmpty();
    }

    /** The first value of a header, ignoring case; empty if absent. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return "";
    }

    /** "json", "xml" or "text", from the content type, else from the body's first character. */
    public String syntax() {
        String type = header("content-type").toLowerCase(Locale.ROOT);
        String start = body.stripLeading();
        if (type.contains("json") || (type.isEmpty() && (start.startsWith("{") || start.startsWith("[")))) {
            return "json";
        }
        if (type.contains("xml") || type.contains("html") || (type.isEmpty() && start.startsWith("<"))) {
            return "xml";
        }
        return "text";
    }

    private static CapturedMessage read(TraceRecord t, String side) {
        JsonNode n;
        try {
            n = JSON.readTree(t.json());
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        JsonNode capture = n.path(side);
        if (capture.isMissingNode()) {
            return NONE;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (JsonNode h : capture.path("headers")) {
            if (h.isArray() && h.size() == 2) {
                headers.add(Map.entry(h.get(0).asText(), h.get(1).asText()));
            }
        }
        return new CapturedMessage(headers, capture.path("body").asText(""), capture.path("body_truncated").asBoolean(false));
    }
}
