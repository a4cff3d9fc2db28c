package dev.gatehouse.engine.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Loads a gateway config from YAML or JSON and validates it in full: syntax, types, required and
 * unknown fields, value ranges, and cross-references (names, addresses, virtual hosts, clusters,
 * demo backends). Every error found is reported at once, each with file, line, column and path;
 * a config with any error is rejected whole. See {@code sample-configs/README.md} for the schema.
 *
 * <p>String values may refer to environment variables as {@code ${NAME}} or
 * {@code ${NAME:-fallback}}. Relative file paths (certificates, keys) are resolved against the config
 * file's directory and stored absolute, and the files are read to check them, so load off event
 * loops. Instances are immutable and thread-safe.
 */
public final class ConfigLoader {
    /** Found once: the filter types on the classpath do not change while the process runs. */
    private static final FilterTypes FILTER_TYPES = FilterTypes.discover();

    /** Reads canonical YAML, whose placeholders are escaped: no variable is ever looked up. */
    private static final ConfigLoader RECORDS = new ConfigLoader(name -> null);

    private final EnvironmentPlaceholders placeholders;

    /** A loader that resolves placeholders from the process environment. */
    public ConfigLoader() {
        this(System::getenv);
    }

    /** A loader that resolves placeholders with {@code environment} (null for "not set"), e.g. a map in tests. */
    public ConfigLoader(Function<String, String> environment) {
        this.placeholders = new EnvironmentPlaceholders(environment);
    }

    /**
     * Reads and loads a UTF-8 file; errors name the file as given, and relative paths in it are
     * relative to its directory.
     *
     * @throws ConfigException with every error found, including an unreadable file
     */
    public Result load(Path file) {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(new ConfigError(source, 0, 0, "", "the file is not valid UTF-8")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(source, 0, 0, "", "cannot read the file: " + e)));
        }
        return load(text, source, directoryOf(file));
    }

    /**
     * Loads a document held in memory that has no file of its own (an admin API upload); relative
     * paths in it are relative to the working directory.
     *
     * @param sourceName what errors call the document (a file name; ".json" selects strict JSON parsing)
     * @throws ConfigException with every error found
     */
    public Result load(String text, String sourceName) {
        return load(text, sourceName, Path.of(""));
    }

    /**
     * Loads a document held in memory, such as an editor buffer or a file already read.
     *
     * @param sourceName    what errors call the document (a file name; ".json" selects strict JSON parsing)
     * @param baseDirectory what relative paths in it are relative to: the directory of its file
     * @throws ConfigException with every error found
     */
    public Result load(String text, String sourceName, Path baseDirectory) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        var diagnostics = new Diagnostics(sourceName);
        ConfigNode tree = new ConfigTree(diagnostics, placeholders).parse(text, sourceName);
        GatewayConfig config = tree == null ? null
                : new GatewayConfigBinder(diagnostics, FILTER_TYPES, baseDirectory).bind(tree);
        if (config == null || diagnostics.hasErrors()) {
            throw new ConfigException(diagnostics.errors());
        }
        return new Result(config, diagnostics.warnings());
    }

    /**
     * Validates a config built or edited in code exactly as {@link #load} validates a document, by
     * reading back its canonical YAML ({@link ConfigExporter}, which writes file paths absolute and
     * escapes placeholders). A record has no source positions: errors carry their path
     * ({@code routes[3].cluster}) and no line; a line a message mentions is one of the canonical YAML,
     * as {@code GET /config} shows it.
     *
     * @param sourceName what errors call the config, e.g. where it came from
     * @throws ConfigException with every error found
     */
    public static void validate(GatewayConfig config, String sourceName) {
        Objects.requireNonNull(sourceName, "sourceName");
        String canonical = ConfigExporter.toYaml(Objects.requireNonNull(config, "config"));
        try {
            RECORDS.load(canonical, "canonical.yaml", Path.of("")); // not sourceName: "x.json" would parse as JSON
        } catch (ConfigException e) {
            throw new ConfigException(e.errors().stream()
                    .map(error -> new ConfigError(sourceName, 0, 0, error.path(), error.message()))
                    .toList());
        }
    }

    /** The directory relative paths in {@code file} are relative to. */
    public static Path directoryOf(Path file) {
        return file.toAbsolutePath().normalize().getParent();
    }

    /**
     * A loaded config and what looked suspicious in it.
     *
     * @param warnings legal but probably unintended things, e.g. a route no request can reach
     */
    public record Result(GatewayConfig config, List<ConfigWarning> warnings) {
        public Result {
            Objects.requireNonNull(config, "config");
            warnings = List.copyOf(warnings);
        }
    }
}
