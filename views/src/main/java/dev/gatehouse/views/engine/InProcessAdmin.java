package dev.gatehouse.views.engine;

import dev.gatehouse.engine.admin.AdminApi;
import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.observe.TraceTap;
import dev.gatehouse.engine.runtime.Gateway;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The admin API of an engine running in this process, called directly rather than over a socket. */
public final class InProcessAdmin implements AdminTransport {
    private final Gateway gateway;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gatehouse-workbench-admin");
        t.setDaemon(true);
        return t;
    });
    private final AdminApi api;

    public InProcessAdmin(Gateway gateway) {
        this.gateway = gateway;
        this.api = AdminApi.inProcess(gateway, worker);
    }

    @Override
    public CompletableFuture<AdminReply> send(String method, String target, String body) {
        // Reads are cheap but still leave the caller's thread, so the FX thread never waits on the engine.
        return CompletableFuture.supplyAsync(() -> request(method, target, body), worker).thenCompose(api::handle)
                .thenApply(InProcessAdmin::toReply);
    }

    private static DefaultFullHttpRequest request(String method, String target, String body) {
        var content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), target, content);
        request.headers().set(HttpHeaderNames.HOST, "embedded");
        return request;
    }

    private static AdminReply toReply(FullHttpResponse response) {
        try {
            String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
            return new AdminReply(response.status().code(), type, response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    @Override
    public TraceFeed openTraceFeed() {
        return new TapFeed(gateway.tap().reader());
    }

    @Override
    public String describe() {
        return "embedded";
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /**
     * Reads the tap directly; each trace becomes its record without a JSON round trip (the record equals
     * what {@code GET /tap} would give), its JSON written only when a view asks for it.
     */
    private static final class TapFeed implements TraceFeed {
        private final TraceTap.Reader reader;
        private final List<Trace> batch = new ArrayList<>();

        TapFeed(TraceTap.Reader reader) {
            this.reader = reader;
        }

        @Override
        public synchronized int drainTo(List<TraceRecord> out, int max) {
            batch.clear();
            int n = reader.drainTo(batch, max);
            for (Trace trace : batch) {
                out.add(TraceRecord.of(trace));
            }
            batch.clear();
            return n;
        }

        @Override
        public long dropped() {
            return reader.dropped();
        }

        @Override
        public synchronized void close() {
            batch.clear();
            reader.close();
        }
    }
}
