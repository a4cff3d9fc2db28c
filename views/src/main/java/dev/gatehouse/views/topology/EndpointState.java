package dev.gatehouse.views.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One endpoint's live state from {@code GET /clusters}. Read tolerantly: fields the engine does not
 * send (yet) take neutral values, so an older or newer engine still shows.
 *
 * @param ejected an outlier detector took it out of rotation
 * @param reason  why it is unhealthy or ejected, when the engine says; empty otherwise
 */
public record EndpointState(String cluster, String address, int weight, boolean healthy, boolean ejected,
                            String reason, long activeRequests, long totalRequests, long failedRequests) {

    public boolean serving() {
        return healthy && !ejected;
    }

    /** Endpoints by cluster name, in the engine's order. */
    public static Map<String, List<EndpointState>> parse(JsonNode clusters) {
        Map<String, List<EndpointState>> out = new LinkedHashMap<>();
        for (JsonNode c : clusters.path("clusters")) {
            String name = c.path("name").asText();
            List<EndpointState> endpoints = new ArrayList<>();
            for (JsonNode e : c.path("endpoints")) {
                JsonNode ejected = e.path("ejected");
                boolean isEjected = ejected.isBoolean() ? ejected.asBoolean()
                        : ejected.isObject() || (ejected.isTextual() && !ejected.asText().isEmpty());
                String reason = firstText(e, "ejection_reason", "reason", "health_reason", "last_failure");
                if (reason.isEmpty() && ejected.isObject()) {
                    reason = firstText(ejected, "reason");
                }
                endpoints.add(new EndpointState(name, e.path("address").asText(), e.path("weight").asInt(1),
                        e.path("healthy").asBoolean(true), isEjected, reason, e.path("active_requests").asLong(),
                        e.path("total_requests").asLong(), e.path("failed_requests").asLong()));
            }
            out.put(name, List.copyOf(endpoints));
        }
        return out;
    }

    private static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            JsonNode v = n.path(f);
            if (v.isValueNode() && !v.asText().isEmpty()) {
                return v.asText();
            }
        }
        return "";
    }
}
