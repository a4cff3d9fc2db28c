package dev.gatehouse.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gatehouse-engine}: the headless engine's command line. */
@Command(name = "gatehouse-engine",
        mixinStandardHelpOptions = true,
        versionProvider = EngineVersion.class,
        description = "Gatehouse API gateway engine.",
        subcommands = {RunCommand.class, ValidateCommand.class, ExportCommand.class, CommandLine.HelpCommand.class})
public final class GatehouseCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new GatehouseCommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
