package dev.gatehouse.views.engine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A remote engine's admin API over HTTP; the token is sent only on calls that change the engine. */
public final class HttpAdmin implements AdminTransport {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http;

    public HttpAdmin(URI adminUrl, String token) {
        String text = adminUrl.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = token == null ? "" : token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public CompletableFuture<AdminReply> send(String method, String target, String body) {
        var request = HttpRequest.newBuilder(base.resolve(target)).timeout(CALL_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (!method.equals("GET") && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new AdminReply(r.statusCode(), r.headers().firstValue("content-type").orElse(""),
                        r.body()));
    }

    @Override
    public TraceFeed openTraceFeed() {
        return SseTraceFeed.open(http, base.resolve("/tap"));
    }

    @Override
    public String describe() {
        return base.toString();
    }

    @Override
    public void close() {
        // HttpClient has no close on Java 17; its threads are daemons and idle connections time out.
    }
}
