package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.config.ConfigExporter;
import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code export -c FILE}: prints the canonical YAML of a config (defaults left out, fixed key order). */
@Command(name = "export", description = "Print a config as canonical YAML.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "config file")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConfigLoader.Result result;
        try {
            result = new ConfigLoader().load(file);
        } catch (ConfigException e) {
            e.errors().forEach(error -> spec.commandLine().getErr().println("error: " + error));
            spec.commandLine().getErr().flush();
            return 1;
        }
        spec.commandLine().getOut().print(ConfigExporter.toYaml(result.config()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
