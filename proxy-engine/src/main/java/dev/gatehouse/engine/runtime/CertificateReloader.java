package dev.gatehouse.engine.runtime;

import dev.gatehouse.engine.listener.ListenerServer;
import dev.gatehouse.engine.listener.ListenerTls;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the certificate files of TLS listeners every {@code reload_interval}, on the control thread
 * (it reads files), and has listeners whose files changed serve new connections with the new
 * certificates. Open connections are untouched. A renewal that cannot be used (a key that does not
 * match, a truncated file) is logged once and the certificates in use stay.
 *
 * <p>Modification times are polled rather than watched: polling sees a file behind a symbolic link
 * replaced (as Kubernetes mounts secrets) and behaves the same on every platform.
 */
final class CertificateReloader {
    private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);
    /** How often due checks are looked for; the smallest useful {@code reload_interval}. */
    static final Duration TICK = Duration.ofMillis(100);

    private final Supplier<Collection<ListenerServer>> listeners;
    private final Map<ListenerTls, Long> lastCheck = new WeakHashMap<>();

    CertificateReloader(Supplier<Collection<ListenerServer>> listeners) {
        this.listeners = listeners;
    }

    void start(ScheduledExecutorService control) {
        control.scheduleWithFixedDelay(this::tickSafely, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A failure here must not end the schedule: later renewals still have to be picked up.
            log.error("checking certificate files failed", e);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (ListenerServer listener : listeners.get()) {
            ListenerTls tls = listener.tls();
            if (tls == null || tls.config().reloadInterval().isZero()) {
                continue;
            }
            Long last = lastCheck.putIfAbsent(tls, now);
            if (last != null && now - last >= tls.config().reloadInterval().toNanos()) {
                lastCheck.put(tls, now);
                check(listener, tls);
            }
        }
    }

    private static void check(ListenerServer listener, ListenerTls tls) {
        switch (tls.reloadIfChanged()) {
            case RELOADED -> {
                listener.metrics().certificateReload("reloaded");
                log.info("listener {}: certificate files changed; new connections get {}", listener.name(), tls.describe());
            }
            case FAILED -> {
                listener.metrics().certificateReload("failed");
                log.warn("listener {}: changed certificate files cannot be used, keeping the current certificates: {}",
                        listener.name(), tls.failure());
            }
            case UNCHANGED -> {
                // nothing to do
            }
        }
    }
}
