package dev.gatehouse.engine.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One command line executed in-process, as {@code main} would run it but without exiting. */
record CliResult(int exitCode, String out, String err) {

    static CliResult execute(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = GatehouseCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new CliResult(exitCode, out.toString(), err.toString());
    }
}
