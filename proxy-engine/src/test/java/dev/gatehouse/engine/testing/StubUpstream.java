package dev.gatehouse.engine.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed-answer HTTP server (the JDK's own) that counts its hits: an upstream a test controls. A hit is a request
 * head that arrived; a request whose body then broke off counts as a hit but not as a completed request.
 */
public final class StubUpstream implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger completedRequests = new AtomicInteger();
    private volatile int status;

    public StubUpstream(int status, String name) {
        this.status = status;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.getRequestBody().readAllBytes(); // throws when the body breaks off
            completedRequests.incrementAndGet();
            byte[] body = (name + " says " + this.status + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-backend", name);
            exchange.sendResponseHeaders(this.status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int hits() {
        return hits.get();
    }

    /** Requests whose head and whole body arrived. */
    public int completedRequests() {
        return completedRequests.get();
    }

    public void setStatus(int status) {
        this.status = status;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** A port nothing listens on (bound, then released). */
    public static int deadPort() {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
