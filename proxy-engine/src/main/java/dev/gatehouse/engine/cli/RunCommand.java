package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.admin.AdminServer;
import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.runtime.ApplyException;
import dev.gatehouse.engine.runtime.ConfigFileWatcher;
import dev.gatehouse.engine.runtime.Gateway;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run -c FILE [--watch]}: serves a config until stopped (SIGINT/SIGTERM drain and exit). */
@Command(name = "run", description = "Run the gateway with a config file.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "config file (YAML or JSON)")
    Path file;

    @Option(names = "--watch", description = "re-apply the file whenever it changes; a bad edit is rejected and the running config kept")
    boolean watch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigLoader.Result loaded;
        try {
            loaded = new ConfigLoader().load(file);
        } catch (ConfigException e) {
            e.errors().forEach(error -> err.println("error: " + error));
            err.flush();
            return 1;
        }
        loaded.warnings().forEach(w -> err.println("warning: " + w));
        GatewayConfig config = loaded.config();
        Gateway gateway;
        try {
            gateway = Gateway.start(config, file.toString());
        } catch (ApplyException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
        AdminServer admin = null;
        if (config.admin().enabled()) {
            try {
                admin = AdminServer.start(gateway, config.admin());
            } catch (Exception e) {
                err.println("error: admin API cannot bind " + config.admin().address() + ": " + e.getMessage());
                err.flush();
                gateway.close();
                return 1;
            }
        }
        for (var l : config.listeners()) {
            out.println("listener " + l.name() + " on " + hostPort(gateway.listenerAddress(l.name())));
        }
        for (var b : config.demoBackends()) {
            out.println("demo backend " + b.name() + " (" + b.kind() + ") on " + hostPort(gateway.backendAddress(b.name())));
        }
        if (admin != null) {
            out.println("admin API on http://" + hostPort(admin.boundAddress()));
            if (admin.tokenGenerated()) {
                out.println("admin token (shown once): " + admin.token());
            }
        }
        out.println("config version " + gateway.current().number() + " serving");
        out.flush();

        ConfigFileWatcher watcher = watch ? ConfigFileWatcher.start(file, gateway, out, err) : null;
        var stopped = new CountDownLatch(1);
        final AdminServer adminServer = admin;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (watcher != null) {
                watcher.close();
            }
            if (adminServer != null) {
                adminServer.close();
            }
            gateway.close();
            stopped.countDown();
        }, "gatehouse-shutdown"));
        stopped.await();
        return 0;
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
