package dev.gatehouse.views.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.runtime.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The workbench's only way to the engine: the admin API, whether the engine runs in this process or
 * on another machine. Every call is asynchronous; futures complete off the FX thread, so views hop
 * back with {@code Platform.runLater} once per answer (never per request).
 */
public final class EngineClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminTransport transport;

    public EngineClient(AdminTransport transport) {
        this.transport = transport;
    }

    /** A client for an engine running in this process. */
    public static EngineClient embedded(Gateway gateway) {
        return new EngineClient(new InProcessAdmin(gateway));
    }

    /** A client for a headless engine's admin API, e.g. {@code http://10.0.0.5:9901}. */
    public static EngineClient remote(URI adminUrl, String token) {
        return new EngineClient(new HttpAdmin(adminUrl, token));
    }

    public String describe() {
        return transport.describe();
    }

    /** The running config as canonical YAML. */
    public CompletableFuture<String> runningConfigYaml() {
        return transport.send("GET", "/config", null).thenApply(r -> expectOk(r).body());
    }

    public CompletableFuture<List<VersionInfo>> versions() {
        return json("/config/versions").thenApply(n -> {
            List<VersionInfo> out = new ArrayList<>();
            for (JsonNode v : n.path("versions")) {
                out.add(new VersionInfo(v.path("version").asLong(), Instant.parse(v.path("applied_at").asText()),
                        v.path("source").asText()));
            }
            return out;
        });
    }

    /** The running version's number. */
    public CompletableFuture<Long> currentVersion() {
        return json("/config/versions").thenApply(n -> n.path("current").asLong());
    }

    /** Validates and hot-applies a whole config; nothing changes when it is rejected. */
    public CompletableFuture<ApplyOutcome> apply(String yaml) {
        return transport.send("PUT", "/config", yaml).thenApply(EngineClient::outcome);
    }

    /** Goes back to the previous version, or to the given one. */
    public CompletableFuture<ApplyOutcome> rollback(OptionalLong version) {
        String target = version.isPresent() ? "/config/rollback?version=" + version.getAsLong() : "/config/rollback";
        return transport.send("POST", target, null).thenApply(EngineClient::outcome);
    }

    /** {@code GET /clusters}: clusters, their endpoints and their live state. */
    public CompletableFuture<JsonNode> clusters() {
        return json("/clusters");
    }

    /** {@code GET /stats}: every metric by its Prometheus name and labels. */
    public CompletableFuture<JsonNode> stats() {
        return json("/stats");
    }

    /** Any read-only admin endpoint that answers JSON. */
    public CompletableFuture<JsonNode> json(String target) {
        return transport.send("GET", target, null).thenApply(r -> parse(expectOk(r).body()));
    }

    public TraceFeed openTraceFeed() {
        return transport.openTraceFeed();
    }

    @Override
    public void close() {
        transport.close();
    }

    private static ApplyOutcome outcome(AdminReply reply) {
        if (!reply.contentType().startsWith("application/json")) {
            return new ApplyOutcome(false, -1, "HTTP " + reply.status() + ": " + reply.body(), List.of(), List.of());
        }
        JsonNode n = parse(reply.body());
        List<ConfigProblem> problems = new ArrayList<>();
        for (JsonNode e : n.path("errors")) {
            problems.add(new ConfigProblem(e.path("line").asInt(), e.path("column").asInt(), e.path("path").asText(),
                    e.path("message").asText()));
        }
        List<String> warnings = new ArrayList<>();
        n.path("warnings").forEach(w -> warnings.add(w.asText()));
        boolean applied = n.path("applied").asBoolean(false);
        return new ApplyOutcome(applied, n.path("version").asLong(-1), applied ? "" : n.path("error").asText(),
                problems, warnings);
    }

    private static AdminReply expectOk(AdminReply reply) {
        if (!reply.ok()) {
            throw new CompletionException(new IOException("admin API answered " + reply.status() + ": " + reply.body()));
        }
        return reply;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
