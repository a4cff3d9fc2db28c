package dev.gatehouse.engine.testing;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client threads sending GETs to a gateway until stopped, for tests that change the gateway under
 * load: 200s are counted by the value of one response header (which backend or module answered),
 * anything else by what went wrong.
 */
public final class SteadyLoad implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final List<Thread> clients = new ArrayList<>();

    /**
     * @param servedBy the response header whose value names who answered ({@code "?"} when absent)
     * @param maxPerClient requests each client sends at most
     */
    public SteadyLoad(TestGateway gateway, String path, String servedBy, int clients, int maxPerClient) {
        for (int t = 0; t < clients; t++) {
            Thread client = new Thread(() -> {
                for (int n = 0; n < maxPerClient && !stop.get(); n++) {
                    send(gateway, path, servedBy);
                }
            }, "steady-load-" + t);
            client.start();
            this.clients.add(client);
        }
    }

    private void send(TestGateway gateway, String path, String servedBy) {
        try {
            HttpResponse<String> r = gateway.client().send(HttpRequest.newBuilder(gateway.uri(path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                failures.merge("status " + r.statusCode(), 1, Integer::sum);
            } else {
                served.computeIfAbsent(r.headers().firstValue(servedBy).orElse("?"), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        } catch (Exception e) {
            failures.merge(e.toString(), 1, Integer::sum);
        }
    }

    /** 200s answered by {@code who} so far. */
    public int servedBy(String who) {
        AtomicInteger n = served.get(who);
        return n == null ? 0 : n.get();
    }

    /** 200s so far, whoever answered. */
    public int servedTotal() {
        return served.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Stops the clients and waits for their last requests. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread client : clients) {
            client.join();
        }
    }

    /** What failed and how often; read after {@link #close()}. */
    public Map<String, Integer> failures() {
        return failures;
    }

    /** Who answered; read after {@link #close()}. */
    public Set<String> answeredBy() {
        return served.keySet();
    }
}
