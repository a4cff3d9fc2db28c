package dev.gatehouse.views.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One endpoint's live state from {@code GET /clusters}. Read tolerantly: fields the engine does not
 * send (a cluster without outlier detection or health checks, an older engine) take neutral values.
 *
 * @param healthy false when the engine, or its active health check, counts it unhealthy
 * @param ejected an outlier detector took it out of rotation ({@code outlier.ejected})
 * @param drained taken out of rotation on purpose
 * @param reason  why it is ejected or failing its health check, when the engine says; empty otherwise
 */
public record EndpointState(String cluster, String address, int weight, boolean healthy, boolean ejected,
                            boolean drained, String reason, long activeRequests, long totalRequests,
                            long failedRequests) {

    public boolean serving() {
        return healthy && !ejected && !drained;
    }

    /**
     * A word for the state: ejected, drained, unhealthy or healthy, the most specific first (the engine
     * also reports an ejected endpoint as not healthy).
     */
    public String state() {
        return ejected ? "ejected" : drained ? "drained" : !healthy ? "unhealthy" : "healthy";
    }

    /** Endpoints by cluster name, in the engine's order. */
    public static Map<String, List<EndpointState>> parse(JsonNode clusters) {
        Map<String, List<EndpointState>> out = new LinkedHashMap<>();
        for (JsonNode c : clusters.path("clusters")) {
            String name = c.path("name").asText();
            List<EndpointState> endpoints = new ArrayList<>();
            for (JsonNode e : c.path("endpoints")) {
                JsonNode outlier = e.path("outlier");
                JsonNode check = e.path("health_check");
                boolean ejected = e.path("ejected").asBoolean(false) || outlier.path("ejected").asBoolean(false);
                boolean healthy = e.path("healthy").asBoolean(true) && check.path("healthy").asBoolean(true);
                String reason = ejected ? join(firstText(outlier, "reason"), firstText(outlier, "figures"))
                        : !healthy ? firstText(check, "last") : "";
                if (reason.isEmpty()) {
                    reason = firstText(e, "reason");
                }
                endpoints.add(new EndpointState(name, e.path("address").asText(), e.path("weight").asInt(1), healthy,
                        ejected, e.path("drained").asBoolean(false), reason, e.path("active_requests").asLong(),
                        e.path("total_requests").asLong(), e.path("failed_requests").asLong()));
            }
            out.put(name, List.copyOf(endpoints));
        }
        return out;
    }

    private static String join(String reason, String figures) {
        return figures.isEmpty() ? reason : reason.isEmpty() ? figures : reason + " (" + figures + ")";
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
