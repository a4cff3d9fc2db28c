package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.config.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate FILE...}: checks configs without running them. Every file is checked and every
 * problem printed, so one run fixes a batch; exit 0 only when all files are valid.
 */
@Command(name = "validate",
        description = "Check config files; print every error and warning as file:line:column.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all files are valid", "1:a file is invalid or unreadable", "2:usage error"})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "YAML or JSON config files")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var problems = new ProblemReport(spec.commandLine().getErr());
        int invalid = 0;
        for (Path file : files) {
            try {
                var warnings = ConfigFile.load(file).loaded().warnings();
                problems.warnings(warnings);
                out.println(file + ": ok" + (warnings.isEmpty() ? "" : ", " + ProblemReport.count(warnings.size(), "warning")));
                out.flush();
            } catch (ConfigException e) {
                invalid++;
                problems.errors(e.errors());
                problems.note(file + ": invalid, " + ProblemReport.count(e.errors().size(), "error"));
            }
        }
        return invalid == 0 ? 0 : 1;
    }
}
