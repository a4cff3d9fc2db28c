package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigExporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export -c FILE}: prints the canonical YAML of a config (defaults left out, fixed key order),
 * which loads back to the same config. Only the YAML goes to stdout, so it can be redirected.
 */
@Command(name = "export",
        description = "Print a config as canonical YAML (defaults left out, fixed key order).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:the config is invalid or unreadable", "2:usage error"})
final class ExportCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "config file (YAML or JSON)")
    Path file;

    @Spec
    CommandSpec spec;

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
        PrintWriter out = spec.commandLine().getOut();
        out.print(ConfigExporter.toYaml(config.config()));
        out.flush();
        return 0;
    }
}
