package dev.gatehouse.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Config texts and loaders shared by the config tests. */
final class ConfigFixtures {
    /** No environment variables are set, so tests never depend on the machine's. */
    static final ConfigLoader LOADER = new ConfigLoader(Map.<String, String>of()::get);

    private ConfigFixtures() {
    }

    /** The test resource exercising every field of the schema. */
    static String fullYaml() {
        return resource("full.yaml");
    }

    static GatewayConfig load(String yaml) {
        return LOADER.load(yaml, "test.yaml").config();
    }

    static List<ConfigWarning> warnings(String yaml) {
        return LOADER.load(yaml, "test.yaml").warnings();
    }

    /** The errors, as "test.yaml:line:column: path: message" lines; fails if the text loads. */
    static List<String> errors(String yaml) {
        try {
            LOADER.load(yaml, "test.yaml");
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected config errors, but the config loaded:\n" + yaml);
    }

    private static String resource(String name) {
        try (InputStream in = ConfigFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
