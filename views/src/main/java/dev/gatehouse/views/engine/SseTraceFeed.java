package dev.gatehouse.views.engine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Traces from a remote engine's {@code GET /tap} event stream. One daemon thread reads the stream into
 * a bounded queue; when the UI drains too slowly, new traces are dropped and counted. Drops the
 * engine reports ({@code : dropped N} comments) are counted too.
 */
final class SseTraceFeed implements TraceFeed {
    static final int QUEUE_CAPACITY = 20_000;

    private final ArrayBlockingQueue<TraceRecord> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private volatile CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile boolean closed;

    private SseTraceFeed() {
    }

    static SseTraceFeed open(HttpClient http, URI tap) {
        var feed = new SseTraceFeed();
        var request = HttpRequest.newBuilder(tap).header("Accept", "text/event-stream").GET().build();
        feed.response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        feed.response.thenAcceptAsync(r -> feed.read(r.body()), runnable -> {
            Thread t = new Thread(runnable, "gatehouse-tap-reader");
            t.setDaemon(true);
            t.start();
        });
        return feed;
    }

    private void read(Stream<String> lines) {
        try (lines) {
            lines.takeWhile(line -> !closed).forEach(this::line);
        } catch (RuntimeException e) {
            // The stream ended (engine gone, network): the feed just stops; the status bar shows staleness.
        }
    }

    private void line(String line) {
        if (line.startsWith("data:")) {
            TraceRecord record;
            try {
                record = TraceRecord.fromJson(line.substring(5).trim());
            } catch (RuntimeException e) {
                return; // not JSON: skip it
            }
            if (record.requestId().isEmpty()) {
                return; // another kind of event (outlier ejection, health): not for the trace table
            }
            if (!queue.offer(record)) {
                dropped.incrementAndGet();
            }
        } else if (line.startsWith(": dropped ")) {
            try {
                dropped.addAndGet(Long.parseLong(line.substring(10).trim()));
            } catch (NumberFormatException ignored) {
                // a comment we do not understand
            }
        }
    }

    @Override
    public int drainTo(List<TraceRecord> out, int max) {
        return queue.drainTo(out, max);
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        closed = true;
        var r = response;
        if (r != null) {
            r.cancel(true);
            r.thenAccept(resp -> resp.body().close());
        }
        queue.clear();
    }
}
