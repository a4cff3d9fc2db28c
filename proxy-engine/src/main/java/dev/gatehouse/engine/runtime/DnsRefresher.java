package dev.gatehouse.engine.runtime;

import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.EndpointConfig;
import dev.gatehouse.engine.upstream.Cluster;
import dev.gatehouse.engine.upstream.Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-resolves the host names of {@code discovery: dns} clusters every {@code dns_refresh}, on the
 * control thread (lookups block). A failed lookup keeps the last known endpoints.
 */
final class DnsRefresher {
    private static final Logger log = LoggerFactory.getLogger(DnsRefresher.class);
    private final Supplier<Collection<Cluster>> clusters;
    private final Map<Cluster, Long> lastRefresh = new WeakHashMap<>();

    DnsRefresher(Supplier<Collection<Cluster>> clusters) {
        this.clusters = clusters;
    }

    void start(ScheduledExecutorService control) {
        control.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        long now = System.nanoTime();
        for (Cluster cluster : clusters.get()) {
            ClusterConfig cc = cluster.config();
            if (cc.discovery() != ClusterConfig.Discovery.DNS) {
                continue;
            }
            Long last = lastRefresh.putIfAbsent(cluster, now);
            if (last != null && now - last >= cc.dnsRefresh().toNanos()) {
                lastRefresh.put(cluster, now);
                refresh(cluster);
            }
        }
    }

    private void refresh(Cluster cluster) {
        List<Endpoint> fresh = new ArrayList<>();
        for (EndpointConfig ec : cluster.config().endpoints()) {
            if (ec.address() == null) {
                continue;
            }
            try {
                for (InetAddress a : InetAddress.getAllByName(ec.address().host())) {
                    fresh.add(new Endpoint(cluster.name(), new InetSocketAddress(a, ec.address().port()), ec.weight()));
                }
            } catch (UnknownHostException e) {
                log.warn("cluster {}: DNS lookup of {} failed; keeping the last known endpoints", cluster.name(),
                        ec.address().host());
                return;
            }
        }
        cluster.updateEndpoints(fresh);
    }
}
