package dev.gatehouse.views.engine;

import java.util.concurrent.CompletableFuture;

/**
 * How an {@link EngineClient} reaches the admin API: by a direct call into an embedded engine or by
 * HTTP to a remote one. Futures complete off the FX thread.
 */
public interface AdminTransport extends AutoCloseable {
    /**
     * @param method GET, PUT or POST
     * @param target path and query, e.g. {@code /config/rollback?version=3}
     * @param body   request body text; null for none
     */
    CompletableFuture<AdminReply> send(String method, String target, String body);

    /** Opens a feed of completed request traces ({@code GET /tap} for a remote engine). */
    TraceFeed openTraceFeed();

    /** Where the engine is, for titles and status bars: "embedded" or the admin URL. */
    String describe();

    @Override
    void close();
}
