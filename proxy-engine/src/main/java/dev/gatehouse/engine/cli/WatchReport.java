package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigWarning;
import dev.gatehouse.engine.runtime.ApplyException;
import dev.gatehouse.engine.runtime.ConfigFileWatcher;
import dev.gatehouse.engine.runtime.ConfigVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Tells the {@code run --watch} user what became of each save: applies on stdout, problems on stderr. */
final class WatchReport implements ConfigFileWatcher.Listener {
    private final Path file;
    private final PrintWriter out;
    private final ProblemReport problems;

    WatchReport(Path file, PrintWriter out, ProblemReport problems) {
        this.file = file;
        this.out = out;
        this.problems = problems;
    }

    @Override
    public void applied(ConfigVersion version, List<ConfigWarning> warnings) {
        problems.warnings(warnings);
        out.println("config version " + version.number() + " applied from " + file);
        out.flush();
    }

    @Override
    public void rejected(ConfigException invalid, ConfigVersion stillServing) {
        problems.note(file + " changed but is invalid; still serving config version " + stillServing.number() + ":");
        problems.errors(invalid.errors());
    }

    @Override
    public void notApplied(ApplyException failure, ConfigVersion stillServing) {
        problems.error(file + " changed but cannot be applied; still serving config version "
                + stillServing.number() + ": " + failure.getMessage());
    }
}
