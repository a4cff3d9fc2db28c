package dev.gatehouse.views.traces;

import dev.gatehouse.views.engine.TraceRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Sends a traced request again through the gateway: same method, path, captured headers and body.
 * Runs on the HTTP client's own threads; the caller hops back to the UI with the one answer.
 */
public final class TraceReplay {
    /** Headers the JDK client sets itself (it refuses them) or that belong to the old connection. */
    private static final Set<String> SKIPPED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");

    private final HttpClient client;
    private final Function<TraceRecord, URI> target;

    /** @param target where to send a trace's request (the gateway listener that took it) */
    public TraceReplay(HttpClient client, Function<TraceRecord, URI> target) {
        this.client = client;
        this.target = target;
    }

    /** A target from the trace's own authority: {@code http://<host header><path>}. */
    public static URI byAuthority(TraceRecord t) {
        return URI.create("http://" + t.authority() + t.path());
    }

    /** Resolves to a one-line outcome, e.g. "200 in 3 ms (request id ...)". */
    public CompletableFuture<String> replay(TraceRecord t) {
        CapturedMessage req = CapturedMessage.request(t);
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(target.apply(t)).timeout(Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture("cannot replay: " + e.getMessage());
        }
        for (Map.Entry<String, String> h : req.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!SKIPPED.contains(name) && !name.startsWith(":") && !name.equals("x-request-id")) {
                try {
                    b.header(h.getKey(), h.getValue());
                } catch (IllegalArgumentException e) {
                    // a header the JDK client will not send: left out
                }
            }
        }
        b.header("x-gatehouse-replay-of", t.requestId());
        HttpRequest.BodyPublisher body = req.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(req.body());
        b.method(t.method(), body);
        long start = System.nanoTime();
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() + " in " + (System.nanoTime() - start) / 1_000_000 + " ms (request id "
                        + r.headers().firstValue("x-request-id").orElse("?") + ")")
                .exceptionally(e -> "replay failed: " + (e.getCause() != null ? e.getCause() : e));
    }
}
