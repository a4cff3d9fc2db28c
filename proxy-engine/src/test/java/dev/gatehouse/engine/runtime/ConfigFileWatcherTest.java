package dev.gatehouse.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.ConfigWarning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher outlives failures and misses no change; the CLI tests cover how editors save. */
class ConfigFileWatcherTest {
    private static final String CONFIG = """
            listeners:
              - {name: main, address: 127.0.0.1:0}
            routes:
              - {name: hello, match: {prefix: /}, direct_response: {status: 200, body: "%s"}}
            """;

    @TempDir
    Path dir;

    private final List<Long> applied = new CopyOnWriteArrayList<>();

    @Test
    void keepsWatchingAfterItsListenerThrows() throws Exception {
        Path file = Files.writeString(dir.resolve("gw.yaml"), CONFIG.formatted("A"));
        var failingOnce = new RecordingListener() {
            @Override
            public void applied(ConfigVersion version, List<ConfigWarning> warnings) {
                super.applied(version, warnings);
                if (version.number() == 2) {
                    throw new IllegalStateException("a listener bug");
                }
            }
        };

        try (Gateway gateway = Gateway.start(new ConfigLoader().load(file).config(), "test")) {
            ConfigFileWatcher watcher = ConfigFileWatcher.start(file, Files.readString(file), gateway, failingOnce);
            try {
                Files.writeString(file, CONFIG.formatted("B"));
                await().atMost(Duration.ofSeconds(30)).until(() -> applied.contains(2L));

                Files.writeString(file, CONFIG.formatted("C"));
                await().atMost(Duration.ofSeconds(30)).until(() -> applied.contains(3L));
                assertThat(gateway.current().number()).isEqualTo(3);
            } finally {
                watcher.close();
            }
        }
    }

    @Test
    void appliesAChangeMadeWhileTheGatewayWasStarting() throws Exception {
        Path file = Files.writeString(dir.resolve("gw.yaml"), CONFIG.formatted("A"));
        String served = Files.readString(file);
        try (Gateway gateway = Gateway.start(new ConfigLoader().load(file).config(), "test")) {
            Files.writeString(file, CONFIG.formatted("B")); // before the watch begins

            ConfigFileWatcher watcher = ConfigFileWatcher.start(file, served, gateway, new RecordingListener());
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> applied.contains(2L));
            } finally {
                watcher.close();
            }
        }
    }

    private class RecordingListener implements ConfigFileWatcher.Listener {
        @Override
        public void applied(ConfigVersion version, List<ConfigWarning> warnings) {
            applied.add(version.number());
        }

        @Override
        public void rejected(ConfigException invalid, ConfigVersion stillServing) {
        }

        @Override
        public void notApplied(ApplyException failure, ConfigVersion stillServing) {
        }
    }
}
