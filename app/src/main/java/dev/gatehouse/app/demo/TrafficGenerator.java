package dev.gatehouse.app.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Demo traffic for the embedded engine: requests drawn from a lab's {@link TrafficMix} at a steady
 * rate, sent asynchronously on the generator's own threads (never the UI's). The rate is bounded
 * ({@link #MAX_RATE}) and so are requests in flight ({@link #MAX_IN_FLIGHT}); a tick that finds no room
 * skips its requests and counts them.
 *
 * <p>HTTPS requests go over HTTP/2, multiplexed on one connection per listener. Over HTTP/1.1 every
 * request in flight holds a connection of its own, so a slow moment (a cold JIT, a busy core) opened
 * more connections, each a TLS handshake for the gateway's event loop and the generator's threads:
 * more work exactly when there was least room for it, until requests queued behind handshakes hit
 * their 10 s timeout. Plain HTTP stays on HTTP/1.1, whose connections cost no handshake. HTTPS requests
 * in flight are bounded by {@link #MAX_STREAMS_IN_FLIGHT}, as the gateway's HTTP/2 connections are.
 */
public final class TrafficGenerator implements AutoCloseable {
    public static final int MAX_RATE = 20_000;
    static final int MAX_IN_FLIGHT = 512;
    /** The gateway's default SETTINGS_MAX_CONCURRENT_STREAMS: the JDK client fails, not queues, past it. */
    static final int MAX_STREAMS_IN_FLIGHT = 100;
    private static final long TICK_MILLIS = 10;

    /** Where a mix's requests go: the base URI of a listener by name. */
    public interface Targets {
        URI base(String listener);
    }

    private record Plan(TrafficMix mix, Targets targets) {
    }

    private final ExecutorService httpThreads = Executors.newFixedThreadPool(2, daemon("gatehouse-traffic-http"));
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(daemon("gatehouse-traffic-pacer"));
    private final HttpClient http;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Semaphore streamsInFlight = new Semaphore(MAX_STREAMS_IN_FLIGHT);
    private final Random random = new Random();
    private final AtomicReference<Plan> plan = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong clientErrors = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile double ratePerSecond = 20;
    private volatile String lastFailure = "";
    private ScheduledFuture<?> ticking;
    private double owed;
    private long lastTick;

    public TrafficGenerator() {
        this.http = HttpClient.newBuilder()
                .executor(httpThreads)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .sslContext(trustingContext())
                .build();
    }

    /** The requests to send and where; may change while running (a lab switch). */
    public void target(TrafficMix mix, Targets targets) {
        plan.set(new Plan(mix, targets));
    }

    public void rate(double perSecond) {
        ratePerSecond = Math.max(0, Math.min(MAX_RATE, perSecond));
    }

    public double rate() {
        return ratePerSecond;
    }

    public synchronized boolean running() {
        return ticking != null;
    }

    public synchronized void start() {
        if (ticking == null) {
            lastTick = System.nanoTime();
            owed = 0;
            ticking = pacer.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    /** The generator's HTTP client (trusts the labs' development certificates); replay reuses it. */
    public HttpClient httpClient() {
        return http;
    }

    public long sent() {
        return sent.get();
    }

    /** Responses received (any status). */
    public long answered() {
        return ok.get() + clientErrors.get() + serverErrors.get();
    }

    /** "1,204 sent · 2xx/3xx 1,100 · 4xx 90 · 5xx 4 · failed 0 · skipped 0". */
    public String summary() {
        return String.format("%,d sent · 2xx/3xx %,d · 4xx %,d · 5xx %,d · failed %,d · skipped %,d", sent.get(), ok.get(),
                clientErrors.get(), serverErrors.get(), failures.get(), skipped.get())
                + (lastFailure.isEmpty() ? "" : " · last failure: " + lastFailure);
    }

    private void tick() {
        long now = System.nanoTime();
        owed += ratePerSecond * (now - lastTick) / 1e9;
        lastTick = now;
        Plan p = plan.get();
        if (p == null) {
            owed = 0;
            return;
        }
        int due = (int) Math.min(owed, MAX_RATE);
        owed -= due;
        for (int i = 0; i < due; i++) {
            if (!inFlight.tryAcquire()) {
                skipped.addAndGet(due - i);
                return;
            }
            send(p, p.mix().pick(random));
        }
    }

    private void send(Plan p, TrafficMix.Template t) {
        HttpRequest request;
        Semaphore streams = null;
        try {
            URI uri = p.targets().base(t.listener()).resolve(t.path());
            boolean tls = "https".equalsIgnoreCase(uri.getScheme());
            if (tls) {
                if (!streamsInFlight.tryAcquire()) {
                    inFlight.release();
                    skipped.incrementAndGet();
                    return;
                }
                streams = streamsInFlight;
            }
            var b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                    .header("user-agent", "gatehouse-workbench-traffic");
            for (Map.Entry<String, String> h : t.headers().entrySet()) {
                b.header(h.getKey(), h.getValue());
            }
            b.method(t.method(), t.body().isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(t.body()));
            request = b.build();
        } catch (RuntimeException e) {
            release(streams);
            failures.incrementAndGet();
            return;
        }
        sent.incrementAndGet();
        Semaphore heldStreams = streams;
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            release(heldStreams);
            if (e != null) {
                failures.incrementAndGet();
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                lastFailure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            } else if (r.statusCode() >= 500) {
                serverErrors.incrementAndGet();
            } else if (r.statusCode() >= 400) {
                clientErrors.incrementAndGet();
            } else {
                ok.incrementAndGet();
            }
        });
    }

    private void release(Semaphore streams) {
        if (streams != null) {
            streams.release();
        }
        inFlight.release();
    }

    @Override
    public void close() {
        stop();
        pacer.shutdownNow();
        httpThreads.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The generator only talks to the embedded engine on loopback, whose lab certificates come from a
     * development CA: it trusts any certificate so every lab works without a trust store.
     */
    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
