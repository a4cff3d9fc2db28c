package dev.gatehouse.views.config;

import dev.gatehouse.engine.config.ConfigError;
import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.ConfigWarning;
import dev.gatehouse.engine.config.GatewayConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of reading config text with the engine's own loader: the config when the text is
 * valid, and every error and warning with its line and column. Reading may touch files (certificates),
 * so editors run it off the FX thread.
 *
 * @param config null when the text has errors
 */
public record TextCheck(String text, GatewayConfig config, List<TextProblem> problems) {
    /** What errors call an editor buffer. */
    public static final String SOURCE_NAME = "editor.yaml";

    public TextCheck {
        Objects.requireNonNull(text, "text");
        problems = List.copyOf(problems);
    }

    /** Reads {@code text}; relative paths in it are relative to {@code baseDirectory}. */
    public static TextCheck of(String text, Path baseDirectory) {
        try {
            ConfigLoader.Result result = new ConfigLoader().load(text, SOURCE_NAME, baseDirectory);
            List<TextProblem> warnings = new ArrayList<>();
            for (ConfigWarning w : result.warnings()) {
                warnings.add(new TextProblem(w.line(), w.column(), w.path(), w.message(), true));
            }
            return new TextCheck(text, result.config(), warnings);
        } catch (ConfigException e) {
            List<TextProblem> errors = new ArrayList<>();
            for (ConfigError error : e.errors()) {
                errors.add(new TextProblem(error.line(), error.column(), error.path(), error.message(), false));
            }
            return new TextCheck(text, null, errors);
        }
    }

    public static TextCheck of(String text) {
        return of(text, Path.of(""));
    }

    public boolean valid() {
        return config != null;
    }

    public List<TextProblem> errors() {
        return problems.stream().filter(p -> !p.warning()).toList();
    }
}
