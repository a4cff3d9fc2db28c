package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code validate FILE...}: checks configs without running them; exit 0 when all are valid. */
@Command(name = "validate", description = "Check config files; print every error and warning with file:line:column.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "YAML or JSON config files")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int invalid = 0;
        for (Path file : files) {
            try {
                var result = new ConfigLoader().load(file);
                result.warnings().forEach(w -> err.println("warning: " + w));
                out.println(file + ": ok");
            } catch (ConfigException e) {
                invalid++;
                e.errors().forEach(error -> err.println("error: " + error));
                err.println(file + ": invalid (" + e.errors().size() + " error(s))");
            }
        }
        out.flush();
        err.flush();
        return invalid == 0 ? 0 : 1;
    }
}
