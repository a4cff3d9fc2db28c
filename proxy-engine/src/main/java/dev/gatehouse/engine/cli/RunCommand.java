package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.admin.AdminServer;
import dev.gatehouse.engine.config.AdminConfig;
import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.runtime.ApplyException;
import dev.gatehouse.engine.runtime.ConfigFileWatcher;
import dev.gatehouse.engine.runtime.Gateway;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run -c FILE [--watch]}: serves a config until stopped. It prints where it listens, the
 * admin URL and, when one was generated, the admin token. SIGTERM or SIGINT drains open connections
 * and exits 0; a config that is invalid or cannot start exits 1.
 */
@Command(name = "run",
        description = "Run the gateway with a config file until stopped; SIGTERM or Ctrl-C drains and exits.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM/SIGINT after draining", "1:invalid config, or it cannot start",
                        "2:usage error"})
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "config file (YAML or JSON)")
    Path file;

    @Option(names = "--watch",
            description = "re-apply the file whenever it changes; a bad edit is reported and the running config kept")
    boolean watch;

    @Spec
    CommandSpec spec;

    private final boolean ownsProcess;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * @param ownsProcess take over SIGTERM and SIGINT, as {@code main} does; false when running inside
     *                    another program or a test, which stop it with {@link #stop()}
     */
    RunCommand(boolean ownsProcess) {
        this.ownsProcess = ownsProcess;
    }

    /** Asks a running (or starting) gateway to drain and {@link #call()} to return 0: what SIGTERM does. */
    void stop() {
        stopRequested.countDown();
    }

    @Override
    public Integer call() {
        var problems = new ProblemReport(spec.commandLine().getErr());
        ConfigFile config;
        try {
            config = ConfigFile.load(file);
        } catch (ConfigException e) {
            problems.errors(e.errors());
            return 1;
        }
        problems.warnings(config.loaded().warnings());
        if (ownsProcess) {
            stopOnTermination(config.config().engine().drainTime());
        }
        try {
            return serve(config, spec.commandLine().getOut(), problems);
        } finally {
            finished.countDown();
        }
    }

    /**
     * Signals stop the gateway gracefully. The hook covers every other way the JVM may go down
     * (SIGHUP, signals unavailable): it holds the exit until the drain is done.
     */
    private void stopOnTermination(Duration drainTime) {
        TerminationSignals.install(this::stop);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop();
            try {
                finished.await(drainTime.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gatehouse-shutdown"));
    }

    private int serve(ConfigFile config, PrintWriter out, ProblemReport problems) {
        GatewayConfig gatewayConfig = config.config();
        Gateway gateway;
        try {
            gateway = Gateway.start(gatewayConfig, file.toString());
        } catch (ApplyException e) {
            problems.error("cannot start: " + e.getMessage());
            return 1;
        }
        AdminServer admin = null;
        ConfigFileWatcher watcher = null;
        try {
            if (gatewayConfig.admin().enabled()) {
                admin = startAdmin(gateway, gatewayConfig.admin(), problems);
                if (admin == null) {
                    return 1;
                }
            }
            announce(out, gateway, gatewayConfig, admin);
            if (watch) {
                try {
                    watcher = ConfigFileWatcher.start(file, config.text(), gateway, new WatchReport(file, out, problems));
                } catch (IOException e) {
                    problems.error("cannot watch " + file + ": " + e.getMessage());
                    return 1;
                }
                out.println("watching " + file + " for changes");
            }
            out.println("serving config version " + gateway.current().number() + " from " + file
                    + "; stop with Ctrl-C or SIGTERM");
            out.flush();
            awaitStopRequest();
            out.println("stopping: draining open connections for up to "
                    + readable(gateway.current().config().engine().drainTime()));
            out.flush();
        } finally {
            if (watcher != null) {
                watcher.close();
            }
            if (admin != null) {
                admin.close();
            }
            gateway.drainAndClose();
        }
        out.println("stopped");
        out.flush();
        return 0;
    }

    /** The started admin API, or null after reporting why it could not start. */
    private static AdminServer startAdmin(Gateway gateway, AdminConfig config, ProblemReport problems) {
        try {
            return AdminServer.start(gateway, config);
        } catch (Exception e) { // a failed bind surfaces as the socket's own exception, checked or not
            problems.error("admin API cannot bind " + config.address() + ": " + e.getMessage());
            return null;
        }
    }

    private static void announce(PrintWriter out, Gateway gateway, GatewayConfig config, AdminServer admin) {
        for (var listener : config.listeners()) {
            out.println("listener " + listener.name() + " on " + listener.scheme() + "://"
                    + authority(gateway.listenerAddress(listener.name())));
        }
        for (var backend : config.demoBackends()) {
            out.println("demo backend " + backend.name() + " (" + backend.kind() + ") on "
                    + authority(gateway.backendAddress(backend.name())));
        }
        out.println("sockets: " + gateway.transport().configName() + " (engine.transport)");
        if (admin == null) {
            out.println("admin API disabled");
            return;
        }
        out.println("admin API on http://" + authority(admin.boundAddress()));
        if (admin.tokenGenerated()) {
            out.println("admin token (generated, shown once): " + admin.token());
        }
    }

    private void awaitStopRequest() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // an interrupt is a stop request too; the drain does not wait on it
        }
    }

    private static String readable(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** {@code host:port} as it goes into a URL: IPv6 literals in brackets. */
    private static String authority(InetSocketAddress address) {
        if (address.getAddress().isAnyLocalAddress()) {
            return "0.0.0.0:" + address.getPort(); // every interface: what the config said, not the JVM's "::"
        }
        String host = address.getAddress().getHostAddress();
        return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
