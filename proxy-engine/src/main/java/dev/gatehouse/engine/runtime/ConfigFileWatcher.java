package dev.gatehouse.engine.runtime;

import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Re-applies a config file when it changes ({@code run --watch}). Editors save in bursts (truncate,
 * write, rename), so a change is applied once the file has been quiet for a short moment; a file
 * that does not validate is reported and the running config kept.
 */
public final class ConfigFileWatcher implements AutoCloseable {
    private static final long QUIET_MILLIS = 200;

    private final Path file;
    private final Gateway gateway;
    private final PrintWriter out;
    private final PrintWriter err;
    private final WatchService watcher;
    private final Thread thread;
    private FileTime lastApplied;

    private ConfigFileWatcher(Path file, Gateway gateway, PrintWriter out, PrintWriter err) throws IOException {
        this.file = file.toAbsolutePath();
        this.gateway = gateway;
        this.out = out;
        this.err = err;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_CREATE);
        this.lastApplied = modified();
        this.thread = new Thread(this::loop, "gatehouse-config-watch");
        this.thread.setDaemon(true);
    }

    public static ConfigFileWatcher start(Path file, Gateway gateway, PrintWriter out, PrintWriter err) {
        try {
            ConfigFileWatcher w = new ConfigFileWatcher(file, gateway, out, err);
            w.thread.start();
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + file, e);
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ours = key.pollEvents().stream()
                        .anyMatch(e -> file.getFileName().equals(e.context()));
                key.reset();
                if (!ours) {
                    continue;
                }
                // Let the burst of writes settle before reading.
                WatchKey more;
                while ((more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                reload();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private void reload() {
        FileTime now = modified();
        if (now != null && now.equals(lastApplied)) {
            return;
        }
        lastApplied = now;
        ConfigLoader.Result result;
        try {
            result = new ConfigLoader().load(file);
        } catch (ConfigException e) {
            err.println(file + " changed but is invalid; still serving version " + gateway.current().number() + ":");
            e.errors().forEach(error -> err.println("error: " + error));
            err.flush();
            return;
        }
        result.warnings().forEach(w -> err.println("warning: " + w));
        try {
            var v = gateway.apply(result.config(), file + " (watch)");
            out.println("config version " + v.number() + " applied from " + file);
        } catch (ApplyException e) {
            err.println("config from " + file + " could not be applied; still serving version "
                    + gateway.current().number() + ": " + e.getMessage());
        }
        out.flush();
        err.flush();
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing left to release
        }
        thread.interrupt();
    }
}
