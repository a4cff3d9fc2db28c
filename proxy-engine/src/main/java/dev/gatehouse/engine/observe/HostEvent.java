package dev.gatehouse.engine.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A change in an upstream endpoint's standing: an outlier ejection or return, or an active health
 * check turning it unhealthy or healthy again.
 *
 * @param type     {@code outlier} or {@code health}: the {@code type} of its {@code GET /tap} event
 * @param action   outlier: {@code ejected}, {@code returned} or {@code detected} (not enforced);
 *                 health: {@code unhealthy} or {@code healthy}
 * @param reason   outlier: consecutive_5xx, consecutive_gateway_failure, success_rate, failure_percentage;
 *                 health: what the last check saw (e.g. {@code status 503}, {@code timeout})
 * @param figures  the numbers behind it, e.g. {@code failure_percentage=10.0 threshold=5 requests=40}
 * @param untilMillis epoch millis an ejection ends; 0 otherwise
 */
public record HostEvent(long timeMillis, String type, String cluster, String endpoint, String action, String reason,
                        String figures, int ejections, long untilMillis) {
    public static final String OUTLIER = "outlier";
    public static final String HEALTH = "health";
    private static final JsonFactory JSON = new JsonFactory();

    public HostEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(action, "action");
        reason = reason == null ? "" : reason;
        figures = figures == null ? "" : figures;
    }

    /** One line of JSON, as {@code GET /tap} sends it. */
    public String toJson() {
        var out = new StringWriter(200);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", type);
            json.writeNumberField("time", timeMillis);
            json.writeStringField("cluster", cluster);
            json.writeStringField("endpoint", endpoint);
            json.writeStringField("action", action);
            json.writeStringField("reason", reason);
            json.writeStringField("figures", figures);
            if (type.equals(OUTLIER)) {
                json.writeNumberField("ejections", ejections);
            }
            if (untilMillis > 0) {
                json.writeNumberField("until", untilMillis);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return type + " " + cluster + "/" + endpoint + " " + action + (reason.isEmpty() ? "" : " (" + reason + ")")
                + (figures.isEmpty() ? "" : " " + figures);
    }
}
