package dev.gatehouse.engine.filters.jwt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A key server on 127.0.0.1 whose answer a test changes at will: a JWKS, an error status, or no
 * answer until released. Counts every request it gets.
 */
final class JwksServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger hits = new AtomicInteger();
    private volatile String body = "{\"keys\":[]}";
    private volatile int status = 200;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    JwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    int hits() {
        return hits.get();
    }

    /** Serve {@code jwks} with 200 from now on. */
    void serve(String jwks) {
        this.body = jwks;
        this.status = 200;
    }

    /** Answer {@code status} with a short body from now on. */
    void failWith(int status) {
        this.body = "{\"error\":\"down for maintenance\"}";
        this.status = status;
    }

    /** Requests from now on wait, unanswered, until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    /** Stops listening: further fetches find the port closed. */
    void stop() {
        release();
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        hits.incrementAndGet();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
