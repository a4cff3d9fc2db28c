package dev.gatehouse.engine.upstream;

import dev.gatehouse.engine.config.OutlierDetection;
import dev.gatehouse.engine.observe.GatewayMetrics.ClusterMetrics;
import dev.gatehouse.engine.observe.HostEvent;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Envoy's outlier detection for one cluster. The request path only bumps an endpoint's
 * {@link OutlierCounters}; everything else runs on one event loop, so the detector's own state needs
 * no locks: a failure streak reaching its threshold posts an ejection there, and every
 * {@code interval} a sweep returns endpoints whose ejection is over and runs the statistical checks
 * (success rate, failure percentage) over the interval's counts.
 *
 * <p>An ejection lasts {@code base_ejection_time} times the endpoint's ejection count, at most
 * {@code max_ejection_time}; the count drops by one for every sweep the endpoint spends back in
 * service, so a host that recovers for good is soon forgiven. No endpoint is ejected while
 * {@code max_ejection_percent} of the cluster already is (so at least one can always be).
 */
final class OutlierDetector {
    private final OutlierDetection config;
    private final String cluster;
    private final Supplier<List<Endpoint>> endpoints;
    private final ClusterMetrics metrics;
    private final Consumer<HostEvent> events;
    private final EventLoop loop;
    private final ScheduledFuture<?> sweeps;

    OutlierDetector(OutlierDetection config, String cluster, Supplier<List<Endpoint>> endpoints, ClusterMetrics metrics,
                    Consumer<HostEvent> events, EventLoop loop) {
        this.config = config;
        this.cluster = cluster;
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.events = events;
        this.loop = loop;
        long interval = config.interval().toNanos();
        this.sweeps = loop.scheduleAtFixedRate(this::sweep, interval, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * Records one answer of {@code endpoint}: its status, or 503 (connect failure, reset) or 504
     * (timeout) for a local-origin failure. Called on any event loop; cheap.
     */
    void record(Endpoint endpoint, int status) {
        long streaks = endpoint.outlierCounters().record(status);
        if (streaks == 0) {
            return;
        }
        int fives = (int) (streaks >>> 32);
        int gateway = (int) streaks;
        // "==" so that one streak posts one ejection, however long it runs.
        if (fives == config.consecutive5xx()) {
            onLoop(() -> consecutive(endpoint, "consecutive_5xx", config.enforcingConsecutive5xx(), fives,
                    config.consecutive5xx()));
        } else if (gateway == config.consecutiveGatewayFailure()) {
            onLoop(() -> consecutive(endpoint, "consecutive_gateway_failure",
                    config.enforcingConsecutiveGatewayFailure(), gateway, config.consecutiveGatewayFailure()));
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // The engine is shutting down: there is nobody left to protect.
        }
    }

    void sweepNow() throws Exception {
        loop.submit(this::sweep).get(10, TimeUnit.SECONDS);
    }

    void close() {
        sweeps.cancel(false);
    }

    private void consecutive(Endpoint endpoint, String reason, int enforcing, int streak, int threshold) {
        if (endpoint.ejection() != null || !endpoints.get().contains(endpoint)) {
            return;
        }
        eject(endpoint, reason, reason + "=" + streak + " threshold=" + threshold, enforcing);
    }

    // ---------------------------------------------------------------- the sweep

    void sweep() {
        long now = System.currentTimeMillis();
        List<Endpoint> members = endpoints.get();
        List<Endpoint> active = new ArrayList<>(members.size());
        List<long[]> counts = new ArrayList<>(members.size());
        for (Endpoint e : members) {
            Endpoint.Ejection ejection = e.ejection();
            long[] interval = e.outlierCounters().takeInterval();
            if (ejection != null) {
                if (now >= ejection.untilMillis()) {
                    e.outlierCounters().resetStreaks();
                    e.unEject();
                    publish(e, "returned", ejection.reason(), "ejections=" + ejection.count(), ejection.count(), 0);
                }
                continue; // traffic that reached it while ejected (panic) says nothing yet
            }
            OutlierCounters c = e.outlierCounters();
            if (c.ejections > 0) {
                c.ejections--;
            }
            active.add(e);
            counts.add(interval);
        }
        successRate(active, counts);
        failurePercentage(active, counts);
    }

    private void successRate(List<Endpoint> active, List<long[]> counts) {
        List<Integer> eligible = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < active.size(); i++) {
            long total = counts.get(i)[0] + counts.get(i)[1];
            if (total >= config.successRateRequestVolume()) {
                eligible.add(i);
                sum += successRate(counts.get(i));
            }
        }
        if (eligible.isEmpty() || eligible.size() < config.successRateMinimumHosts()) {
            return;
        }
        double mean = sum / eligible.size();
        double squares = 0;
        for (int i : eligible) {
            double d = successRate(counts.get(i)) - mean;
            squares += d * d;
        }
        double stdev = Math.sqrt(squares / eligible.size());
        double threshold = mean - stdev * config.successRateStdevFactor();
        for (int i : eligible) {
            double rate = successRate(counts.get(i));
            if (rate < threshold) {
                eject(active.get(i), "success_rate", String.format(Locale.ROOT,
                        "success_rate=%.1f threshold=%.1f mean=%.1f stdev=%.1f requests=%d", rate, threshold, mean,
                        stdev, counts.get(i)[0] + counts.get(i)[1]), config.enforcingSuccessRate());
            }
        }
    }

    private void failurePercentage(List<Endpoint> active, List<long[]> counts) {
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            if (counts.get(i)[0] + counts.get(i)[1] >= config.failurePercentageRequestVolume()) {
                eligible.add(i);
            }
        }
        if (eligible.isEmpty() || eligible.size() < config.failurePercentageMinimumHosts()) {
            return;
        }
        for (int i : eligible) {
            double failed = 100 - successRate(counts.get(i));
            Endpoint e = active.get(i);
            if (failed > config.failurePercentageThreshold() && e.ejection() == null) {
                eject(e, "failure_percentage", String.format(Locale.ROOT,
                        "failure_percentage=%.1f threshold=%d requests=%d failed=%d", failed,
                        config.failurePercentageThreshold(), counts.get(i)[0] + counts.get(i)[1], counts.get(i)[1]),
                        config.enforcingFailurePercentage());
            }
        }
    }

    private static double successRate(long[] count) {
        return 100.0 * count[0] / (count[0] + count[1]);
    }

    // ---------------------------------------------------------------- ejecting

    private void eject(Endpoint endpoint, String reason, String figures, int enforcing) {
        List<Endpoint> members = endpoints.get();
        int ejected = 0;
        for (Endpoint e : members) {
            if (e.ejection() != null) {
                ejected++;
            }
        }
        boolean roomToEject = ejected * 100.0 / members.size() < config.maxEjectionPercent();
        boolean enforced = roomToEject && enforcing > 0
                && (enforcing >= 100 || ThreadLocalRandom.current().nextInt(100) < enforcing);
        metrics.outlierDetected(reason, enforced);
        if (!enforced) {
            publish(endpoint, "detected", reason, figures + (roomToEject ? " (not enforced)"
                    : " (max_ejection_percent=" + config.maxEjectionPercent() + " reached)"), 0, 0);
            return;
        }
        OutlierCounters c = endpoint.outlierCounters();
        c.ejections++;
        c.totalEjections = c.totalEjections + 1; // only this loop writes it
        long millis = Math.min(config.baseEjectionTime().toMillis() * c.ejections,
                Math.max(config.maxEjectionTime().toMillis(), config.baseEjectionTime().toMillis()));
        long now = System.currentTimeMillis();
        long until = now + millis;
        endpoint.eject(new Endpoint.Ejection(reason, figures, c.totalEjections, until));
        events.accept(new HostEvent(now, HostEvent.OUTLIER, cluster, endpoint.authority(), "ejected", reason, figures,
                c.totalEjections, until));
    }

    private void publish(Endpoint e, String action, String reason, String figures, int ejections, long until) {
        events.accept(new HostEvent(System.currentTimeMillis(), HostEvent.OUTLIER, cluster, e.authority(), action,
                reason, figures, ejections, until));
    }
}
