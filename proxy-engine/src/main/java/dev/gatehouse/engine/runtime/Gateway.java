package dev.gatehouse.engine.runtime;

import dev.gatehouse.engine.backends.DemoBackend;
import dev.gatehouse.engine.backends.DemoBackendKind;
import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.DemoBackendConfig;
import dev.gatehouse.engine.config.EndpointConfig;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.HostPort;
import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.filter.FilterResources;
import dev.gatehouse.engine.listener.ListenerServer;
import dev.gatehouse.engine.listener.ListenerTls;
import dev.gatehouse.engine.listener.ListenerServer.ListenerSnapshot;
import dev.gatehouse.engine.observe.AccessLog;
import dev.gatehouse.engine.observe.GatewayMetrics;
import dev.gatehouse.engine.observe.HostEvent;
import dev.gatehouse.engine.observe.HostEventTap;
import dev.gatehouse.engine.observe.TraceTap;
import dev.gatehouse.engine.upstream.Cluster;
import dev.gatehouse.engine.upstream.Endpoint;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.upstream.Transport;
import dev.gatehouse.engine.upstream.UpstreamTls;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running engine: owns the event loops, listeners, clusters and demo backends, and swaps config
 * snapshots atomically. {@link #apply} validates the config in full, then builds everything it needs
 * before anything changes; if any step fails, what was built is torn down and the old config keeps
 * serving. Listeners whose address is unchanged keep their sockets and connections.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final Transport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final TraceTap tap;
    private final HostEventTap hostEvents = new HostEventTap(1024);
    private AccessLog accessLog;
    private final ConfigHistory history;
    /** DNS refreshes and drains: blocking or delayed work that must stay off the event loops. */
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gatehouse-control");
        t.setDaemon(true);
        return t;
    });

    private final Map<String, ListenerServer> listeners = new LinkedHashMap<>();
    private final Map<String, RunningBackend> backends = new LinkedHashMap<>();
    private volatile Snapshot snapshot;
    /** Filter resources of replaced configs, closed once their requests have drained (or at close). */
    private final List<FilterResources> retiring = new ArrayList<>();

    /** A started demo backend and the config it was started from. */
    private record RunningBackend(DemoBackendConfig config, DemoBackend backend) implements AutoCloseable {
        @Override
        public void close() {
            backend.close();
        }
    }

    /** Everything one applied config compiled into. */
    record Snapshot(ConfigVersion version, Map<String, Cluster> clusters, FilterResources filterResources) {
    }

    private Gateway(GatewayConfig config, Transport transport) {
        this.transport = transport;
        int threads = config.engine().workers() > 0 ? config.engine().workers() : Runtime.getRuntime().availableProcessors();
        this.boss = transport.newGroup(1, "gatehouse-accept");
        this.workers = transport.newGroup(threads, "gatehouse-worker");
        this.history = new ConfigHistory(config.engine().versionsKept());
        this.tap = new TraceTap(config.observability().tapCapacity());
        ClusterStats.register(metrics, this::clusters);
        new DnsRefresher(this::clusters).start(control);
        new CertificateReloader(this::listenerServers).start(control);
    }

    /**
     * Starts an engine with a config, validated first as {@link #apply} does.
     *
     * @throws ApplyException if the config is invalid, a listener cannot bind or a backend cannot start;
     *                        nothing is left running
     */
    public static Gateway start(GatewayConfig config, String source) throws ApplyException {
        validate(config, source);
        Transport transport;
        try {
            transport = Transport.of(config.engine().transport());
        } catch (IllegalStateException e) {
            throw new ApplyException(e.getMessage(), e);
        }
        Gateway gateway = new Gateway(config, transport);
        try {
            gateway.applyValid(config, source);
        } catch (ApplyException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Completed request traces, for the access log, {@code GET /tap} and the workbench. */
    public TraceTap tap() {
        return tap;
    }

    /** Outlier ejections and returns, health check transitions: for {@code GET /tap} and the workbench. */
    public HostEventTap hostEvents() {
        return hostEvents;
    }

    public Transport transport() {
        return transport;
    }

    public ConfigVersion current() {
        return snapshot.version();
    }

    public List<ConfigVersion> versions() {
        return history.all();
    }

    /**
     * What the serving config's filters hold beyond a request (Redis clients, token buckets), for the
     * admin API to read.
     */
    public FilterResources filterResources() {
        Snapshot s = snapshot;
        return s == null ? FilterResources.first() : s.filterResources();
    }

    public Collection<Cluster> clusters() {
        Snapshot s = snapshot;
        return s == null ? List.of() : s.clusters().values();
    }

    private synchronized List<ListenerServer> listenerServers() {
        return List.copyOf(listeners.values());
    }

    public synchronized InetSocketAddress listenerAddress(String name) {
        ListenerServer server = listeners.get(name);
        if (server == null) {
            throw new IllegalArgumentException("no listener named '" + name + "'");
        }
        return server.boundAddress();
    }

    public synchronized InetSocketAddress backendAddress(String name) {
        RunningBackend running = backends.get(name);
        if (running == null) {
            throw new IllegalArgumentException("no demo backend named '" + name + "'");
        }
        return running.backend().address();
    }

    /**
     * Validates a config in full, as {@link ConfigLoader} validates a file (references, names, address
     * clashes, patterns, files), and applies it. Call from any thread but an event loop.
     *
     * @return the new version
     * @throws ApplyException when the config is invalid ({@link ApplyException#errors()}) or a resource
     *                        cannot be had (port taken, host unknown); nothing changed
     */
    public ConfigVersion apply(GatewayConfig config, String source) throws ApplyException {
        try { // off the lock: validation reads files and touches no engine state
            validate(config, source);
        } catch (ApplyException e) {
            metrics.configRejected();
            throw e;
        }
        return applyValid(config, source);
    }

    private static void validate(GatewayConfig config, String source) throws ApplyException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(source, "source");
        try {
            ConfigLoader.validate(config, source);
        } catch (ConfigException e) {
            throw new ApplyException(e.getMessage(), e);
        }
    }

    private synchronized ConfigVersion applyValid(GatewayConfig config, String source) throws ApplyException {
        var started = new ArrayList<AutoCloseable>();
        FilterResources serving = snapshot == null ? null : snapshot.filterResources();
        FilterResources nextResources = serving == null ? FilterResources.first() : FilterResources.after(serving);
        try {
            Map<String, RunningBackend> nextBackends = startBackends(config, started);
            Map<String, Cluster> nextClusters = buildClusters(config, nextBackends);
            ConfigVersion version = history.next(config, source, Instant.now());
            Map<String, ListenerSnapshot> nextSnapshots = compileListeners(config, nextClusters, nextResources);
            Map<String, ListenerServer> nextListeners = bindListeners(nextSnapshots, started);
            AccessLog nextLog = openAccessLog(config, started);
            commit(config, version, nextBackends, nextClusters, nextResources, nextSnapshots, nextListeners);
            if (nextLog != accessLog) {
                if (accessLog != null) {
                    accessLog.close();
                }
                accessLog = nextLog;
            }
            metrics.configApplied(version.number());
            log.info("config version {} applied ({})", version.number(), source);
            return version;
        } catch (ApplyException | RuntimeException e) {
            metrics.configRejected();
            for (AutoCloseable c : started) {
                closeQuietly(c);
            }
            nextResources.closeExcept(serving); // what was carried over keeps serving
            throw e;
        }
    }

    /** The access log the config asks for: the running one if unchanged, else a newly opened one (or none). */
    private AccessLog openAccessLog(GatewayConfig config, List<AutoCloseable> started) throws ApplyException {
        var wanted = config.observability().accessLog();
        if (wanted == null) {
            return null;
        }
        if (accessLog != null && accessLog.config().equals(wanted)) {
            return accessLog;
        }
        try {
            AccessLog opened = AccessLog.start(wanted, tap);
            started.add(opened);
            return opened;
        } catch (RuntimeException e) {
            throw new ApplyException("access log " + wanted.path() + ": " + describe(e.getCause() != null ? e.getCause() : e), e);
        }
    }

    /** Re-applies the config before the current one. */
    public synchronized ConfigVersion rollback() throws ApplyException {
        ConfigVersion previous = history.previous(snapshot.version())
                .orElseThrow(() -> new ApplyException("no earlier version to roll back to"));
        return apply(previous.config(), "rollback to version " + previous.number());
    }

    /** Re-applies a kept version, as a new version. */
    public synchronized ConfigVersion rollbackTo(long number) throws ApplyException {
        ConfigVersion target = history.find(number)
                .orElseThrow(() -> new ApplyException("version " + number + " is not kept (see /config/versions)"));
        return apply(target.config(), "rollback to version " + number);
    }

    private Map<String, RunningBackend> startBackends(GatewayConfig config, List<AutoCloseable> started)
            throws ApplyException {
        Map<String, RunningBackend> next = new LinkedHashMap<>();
        for (DemoBackendConfig bc : config.demoBackends()) {
            RunningBackend running = backends.get(bc.name());
            if (running != null && running.config().equals(bc)) {
                next.put(bc.name(), running);
                continue;
            }
            if (running != null && bc.address().port() != 0 && running.config().address().equals(bc.address())) {
                // Same fixed port, other settings: the old one has to let go of the port first.
                closeQuietly(running);
                backends.remove(bc.name());
            }
            try {
                DemoBackendKind kind = DemoBackendKind.of(bc.kind(), bc.settings());
                CertifiedKey certificate = bc.tls() == null ? null : CertifiedKey.load(bc.tls().cert(), bc.tls().key());
                DemoBackend backend = DemoBackend.start(bc.name(), kind, bc.address().toSocketAddress(), workers,
                        transport.serverChannel(), certificate, bc.faults()).get(10, TimeUnit.SECONDS);
                RunningBackend fresh = new RunningBackend(bc, backend);
                started.add(fresh);
                next.put(bc.name(), fresh);
            } catch (ExecutionException e) {
                throw new ApplyException("demo backend '" + bc.name() + "' cannot start on " + bc.address() + ": "
                        + describe(e.getCause()), e.getCause());
            } catch (Exception e) {
                throw new ApplyException("demo backend '" + bc.name() + "' cannot start on " + bc.address() + ": "
                        + describe(e), e);
            }
        }
        return next;
    }

    private Map<String, Cluster> buildClusters(GatewayConfig config, Map<String, RunningBackend> nextBackends)
            throws ApplyException {
        Map<String, Cluster> next = new LinkedHashMap<>();
        Map<String, Cluster> old = snapshot == null ? Map.of() : snapshot.clusters();
        for (ClusterConfig cc : config.clusters()) {
            List<Endpoint> endpoints = resolveEndpoints(cc, nextBackends);
            Cluster existing = old.get(cc.name());
            if (existing != null && existing.config().equals(cc) && sameAddresses(existing.endpoints(), endpoints)) {
                next.put(cc.name(), existing);
            } else {
                next.put(cc.name(), new Cluster(cc, endpoints, transport, metrics.cluster(cc.name()), upstreamTls(cc)));
            }
        }
        return next;
    }

    private static UpstreamTls upstreamTls(ClusterConfig cc) throws ApplyException {
        if (cc.tls() == null) {
            return null;
        }
        try {
            return UpstreamTls.load(cc.tls(), cc.protocol());
        } catch (IOException e) { // a file changed since the config was validated, or the JDK refused it
            throw new ApplyException("cluster '" + cc.name() + "': " + e.getMessage(), e);
        }
    }

    private List<Endpoint> resolveEndpoints(ClusterConfig cc, Map<String, RunningBackend> nextBackends)
            throws ApplyException {
        List<Endpoint> endpoints = new ArrayList<>();
        for (EndpointConfig ec : cc.endpoints()) {
            if (ec.backend() != null) {
                RunningBackend backend = nextBackends.get(ec.backend());
                if (backend == null) {
                    throw new ApplyException("cluster '" + cc.name() + "' names unknown demo backend '" + ec.backend() + "'");
                }
                endpoints.add(new Endpoint(cc.name(), backend.backend().address(), ec.weight()));
                continue;
            }
            try {
                if (cc.discovery() == ClusterConfig.Discovery.DNS) {
                    for (InetAddress a : InetAddress.getAllByName(ec.address().host())) {
                        endpoints.add(new Endpoint(cc.name(), new InetSocketAddress(a, ec.address().port()), ec.weight()));
                    }
                } else {
                    InetAddress a = InetAddress.getByName(ec.address().host());
                    endpoints.add(new Endpoint(cc.name(), new InetSocketAddress(a, ec.address().port()), ec.weight()));
                }
            } catch (UnknownHostException e) {
                throw new ApplyException("cluster '" + cc.name() + "': cannot resolve host '" + ec.address().host() + "'", e);
            }
        }
        return endpoints;
    }

    private static boolean sameAddresses(List<Endpoint> a, List<Endpoint> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).address().equals(b.get(i).address()) || a.get(i).weight() != b.get(i).weight()) {
                return false;
            }
        }
        return true;
    }

    private Map<String, ListenerSnapshot> compileListeners(GatewayConfig config, Map<String, Cluster> clusters,
                                                           FilterResources resources) throws ApplyException {
        Map<String, ListenerSnapshot> next = new LinkedHashMap<>();
        for (ListenerConfig lc : config.listeners()) {
            ListenerTls tls = listenerTls(lc);
            try {
                next.put(lc.name(), new ListenerSnapshot(lc, new SnapshotContext(lc, config, clusters, metrics, tap, resources), tls));
            } catch (IllegalArgumentException e) {
                throw new ApplyException("listener '" + lc.name() + "': " + e.getMessage(), e);
            }
        }
        return next;
    }

    /**
     * The TLS certificates of a listener: those of the running listener that keeps serving it when its
     * TLS settings did not change (their session caches survive the apply, and a reload that happened
     * since is kept), else freshly read.
     */
    private ListenerTls listenerTls(ListenerConfig lc) throws ApplyException {
        if (lc.tls() == null) {
            return null;
        }
        ListenerServer running = findRunning(lc);
        ListenerTls current = running != null ? running.tls() : null;
        if (current != null && current.config().equals(lc.tls()) && current.http2() == lc.http2()) {
            return current;
        }
        try {
            return ListenerTls.load(lc.tls(), lc.http2());
        } catch (IOException e) { // a file changed since the config was validated, or the JDK refused it
            throw new ApplyException("listener '" + lc.name() + "': " + e.getMessage(), e);
        }
    }

    private Map<String, ListenerServer> bindListeners(Map<String, ListenerSnapshot> snapshots,
                                                      List<AutoCloseable> started) throws ApplyException {
        Map<String, ListenerServer> next = new LinkedHashMap<>();
        for (ListenerSnapshot snap : snapshots.values()) {
            ListenerConfig lc = snap.config();
            ListenerServer running = findRunning(lc);
            if (running != null) {
                next.put(lc.name(), running);
                continue; // kept, socket and connections: its snapshot is swapped at commit
            }
            var server = new ListenerServer(snap, metrics.listener(lc.name()));
            try {
                server.bind(boss, workers, transport);
            } catch (Exception e) {
                throw new ApplyException("listener '" + lc.name() + "' cannot bind " + lc.address() + ": "
                        + describe(e), e);
            }
            started.add(server::close);
            next.put(lc.name(), server);
        }
        return next;
    }

    /**
     * The running listener that can serve {@code lc} without a new socket: same address, or for an
     * ephemeral port (0) the same name and host.
     */
    private ListenerServer findRunning(ListenerConfig lc) {
        for (ListenerServer server : listeners.values()) {
            HostPort running = server.config().address();
            if (lc.address().port() == 0 ? server.name().equals(lc.name()) && running.equals(lc.address())
                    : running.equals(lc.address())) {
                return server;
            }
        }
        return null;
    }

    private void commit(GatewayConfig config, ConfigVersion version, Map<String, RunningBackend> nextBackends,
                        Map<String, Cluster> nextClusters, FilterResources nextResources,
                        Map<String, ListenerSnapshot> nextSnapshots,
                        Map<String, ListenerServer> nextListeners) {
        Duration drain = config.engine().drainTime();
        Snapshot previous = snapshot;
        history.committed(version);
        snapshot = new Snapshot(version, nextClusters, nextResources);
        nextSnapshots.forEach((name, snap) -> nextListeners.get(name).update(snap));
        for (ListenerServer old : listeners.values()) {
            if (!nextListeners.containsValue(old)) {
                old.drain(drain);
            }
        }
        listeners.clear();
        listeners.putAll(nextListeners);
        for (Cluster c : nextClusters.values()) {
            if (previous == null || previous.clusters().get(c.name()) != c) {
                c.startHealth(workers.next(), this::hostEvent);
            }
        }
        if (previous != null) {
            for (Cluster c : previous.clusters().values()) {
                if (nextClusters.get(c.name()) != c) {
                    control.schedule(c::close, drain.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            // Requests still running on the old snapshot may use its filters' resources until drained.
            FilterResources old = previous.filterResources();
            retiring.add(old);
            control.schedule(() -> retire(old, nextResources), drain.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (RunningBackend b : backends.values()) {
            if (nextBackends.get(b.config().name()) != b) {
                control.schedule(() -> closeQuietly(b), drain.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        backends.clear();
        backends.putAll(nextBackends);
    }

    private synchronized void retire(FilterResources old, FilterResources successor) {
        if (retiring.remove(old)) {
            old.closeExcept(successor);
        }
    }

    /**
     * Ends the engine gracefully, as a process stop (SIGTERM) should: stops accepting, lets open
     * connections finish their current request for up to the config's drain time, then closes
     * everything. Blocks until done; call from any thread but an event loop.
     */
    public void drainAndClose() {
        List<Future<Void>> drains = new ArrayList<>();
        Duration drainTime;
        synchronized (this) {
            drainTime = snapshot == null ? Duration.ZERO : snapshot.version().config().engine().drainTime();
            for (ListenerServer l : listeners.values()) {
                drains.add(l.drain(drainTime));
            }
        }
        // Each drain force-closes its leftovers at drainTime; the margin only guards against a stuck close.
        long deadline = System.nanoTime() + drainTime.plusSeconds(1).toNanos();
        for (var drained : drains) {
            drained.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        close();
    }

    @Override
    public synchronized void close() {
        for (ListenerServer l : listeners.values()) {
            l.close();
        }
        listeners.clear();
        if (accessLog != null) {
            accessLog.close();
            accessLog = null;
        }
        if (snapshot != null) {
            snapshot.clusters().values().forEach(Cluster::close);
            for (FilterResources old : retiring) {
                old.closeExcept(snapshot.filterResources());
            }
            retiring.clear();
            snapshot.filterResources().close();
        }
        for (RunningBackend b : backends.values()) {
            closeQuietly(b);
        }
        backends.clear();
        control.shutdownNow();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void hostEvent(HostEvent event) {
        hostEvents.publish(event);
        log.info("{}", event);
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", c, e.toString());
        }
    }
}
