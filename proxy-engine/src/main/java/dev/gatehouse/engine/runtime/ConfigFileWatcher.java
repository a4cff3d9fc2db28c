package dev.gatehouse.engine.runtime;

import dev.gatehouse.engine.config.ConfigError;
import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.ConfigWarning;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-applies a config file to a running gateway whenever its content changes ({@code run --watch}).
 *
 * <p>Editors save in different ways: writing in place (one or several writes) or writing a temporary
 * file and renaming it over the original. Both are seen, because the watch is on the directory and
 * covers files created there by a rename. A burst of events is applied once, after the file has been
 * quiet for a moment, and only when the text differs from what was last loaded. A file that does not
 * validate, or cannot be applied, is reported and the running config kept. The watcher thread
 * survives every failure; only {@link #close()} ends it.
 */
public final class ConfigFileWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigFileWatcher.class);
    /** How long the file must stay untouched before it is read: long enough for a save, short for a human. */
    private static final Duration QUIET = Duration.ofMillis(150);
    /** A file rewritten without pause is read after this long anyway. */
    private static final Duration MAX_SETTLE = Duration.ofSeconds(2);

    /** Hears what became of each change; called on the watcher thread. */
    public interface Listener {
        /** The changed file is now serving as {@code version}. */
        void applied(ConfigVersion version, List<ConfigWarning> warnings);

        /** The changed file is invalid (or unreadable); {@code stillServing} keeps serving. */
        void rejected(ConfigException invalid, ConfigVersion stillServing);

        /** The changed file is valid but could not be put into service (port taken, host unknown). */
        void notApplied(ApplyException failure, ConfigVersion stillServing);
    }

    private final Path file;
    private final String source;
    private final Gateway gateway;
    private final Listener listener;
    private final ConfigLoader loader = new ConfigLoader();
    private final WatchService watchService;
    private final Thread thread;
    /** The text last loaded, so saves without changes and late events of a burst apply nothing. */
    private String lastLoaded;

    private ConfigFileWatcher(Path file, String appliedText, Gateway gateway, Listener listener) throws IOException {
        this.source = file.toString();
        this.file = file.toAbsolutePath();
        this.lastLoaded = Objects.requireNonNull(appliedText, "appliedText");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.watchService = FileSystems.getDefault().newWatchService();
        try {
            // CREATE covers an editor's rename over the file (inotify IN_MOVED_TO), MODIFY a write in place.
            this.file.getParent().register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | RuntimeException e) {
            watchService.close();
            throw e;
        }
        this.thread = new Thread(this::watch, "gatehouse-config-watch");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching {@code file}, which {@code gateway} was started from.
     *
     * @param appliedText the file's text the gateway is serving; a change made while the gateway was
     *                    starting is applied at once
     * @throws IOException when the file's directory cannot be watched
     */
    public static ConfigFileWatcher start(Path file, String appliedText, Gateway gateway, Listener listener)
            throws IOException {
        var watcher = new ConfigFileWatcher(file, appliedText, gateway, listener);
        watcher.thread.start();
        return watcher;
    }

    private void watch() {
        try {
            reloadSafely();
            while (true) {
                if (concernsFile(watchService.take())) {
                    settle();
                    reloadSafely();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Waits until the file has had no event for {@link #QUIET}, or {@link #MAX_SETTLE} has passed. */
    private void settle() throws InterruptedException {
        long deadline = System.nanoTime() + MAX_SETTLE.toNanos();
        long quietUntil = System.nanoTime() + QUIET.toNanos();
        long wait;
        while ((wait = Math.min(quietUntil, deadline) - System.nanoTime()) > 0) {
            WatchKey key = watchService.poll(wait, TimeUnit.NANOSECONDS);
            if (key != null && concernsFile(key)) {
                quietUntil = System.nanoTime() + QUIET.toNanos();
            }
        }
    }

    /** Consumes a key's events; true if one may concern the file (a lost-events overflow might). */
    private boolean concernsFile(WatchKey key) {
        boolean concerns = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            concerns |= event.kind() == StandardWatchEventKinds.OVERFLOW || file.getFileName().equals(event.context());
        }
        if (!key.reset()) {
            log.warn("stopped watching {}: its directory is gone", source);
        }
        return concerns;
    }

    private void reloadSafely() {
        try {
            reload();
        } catch (RuntimeException e) {
            // A bug in a listener or an apply must not end hot reload for the rest of the process.
            log.error("reloading {} failed", source, e);
        }
    }

    private void reload() {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return; // replaced by delete-and-create: the create event follows
        } catch (CharacterCodingException e) {
            listener.rejected(unreadable("the file is not valid UTF-8"), gateway.current());
            return;
        } catch (IOException e) {
            listener.rejected(unreadable("cannot read the file: " + e.getMessage()), gateway.current());
            return;
        }
        if (text.equals(lastLoaded)) {
            return;
        }
        ConfigLoader.Result result;
        try {
            result = loader.load(text, source, ConfigLoader.directoryOf(file));
        } catch (ConfigException e) {
            lastLoaded = text;
            listener.rejected(e, gateway.current());
            return;
        }
        try {
            ConfigVersion version = gateway.apply(result.config(), source + " (watch)");
            lastLoaded = text;
            listener.applied(version, result.warnings());
        } catch (ApplyException e) {
            // lastLoaded stays, so saving the same text again retries, e.g. once a port is free.
            listener.notApplied(e, gateway.current());
        }
    }

    private ConfigException unreadable(String message) {
        return new ConfigException(List.of(new ConfigError(source, 0, 0, "", message)));
    }

    /** Stops watching and waits for an apply in progress to finish. */
    @Override
    public void close() {
        try {
            watchService.close(); // wakes the thread out of take() and poll()
        } catch (IOException e) {
            log.debug("closing the watch service of {} failed", source, e);
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
