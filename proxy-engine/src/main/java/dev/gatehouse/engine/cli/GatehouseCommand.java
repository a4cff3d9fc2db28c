package dev.gatehouse.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gatehouse-engine}: the headless engine's command line, the jar's entry point. Exit codes
 * follow picocli: 0 success, 1 an invalid config or a gateway that cannot start, 2 a usage error.
 */
@Command(name = "gatehouse-engine",
        mixinStandardHelpOptions = true,
        versionProvider = EngineVersion.class,
        description = "Gatehouse API gateway engine.",
        subcommands = {RunCommand.class, ValidateCommand.class, ExportCommand.class, TokenCommand.class,
                       CertsCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:invalid config, the gateway cannot start, or a file cannot be written",
                        "2:usage error"})
public final class GatehouseCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Netty samples 1% of buffers for leak reports by default; in a serving process that costs
        // about a tenth of the per-request CPU. Tests keep it on; -Dio.netty.leakDetection.level=simple
        // turns it back on here.
        defaultProperty("io.netty.leakDetection.level", "disabled");
        // Every buffer access also re-checks the reference count and bounds: about 3% of the CPU per
        // request (interleaved A/B). The tests keep both checks, which is where a use-after-release would
        // show; -Dio.netty.buffer.checkAccessible=true brings them back here for debugging.
        defaultProperty("io.netty.buffer.checkAccessible", "false");
        defaultProperty("io.netty.buffer.checkBounds", "false");
        System.exit(commandLine(true).execute(args));
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    /**
     * The command line without process-wide effects, for tests and for running the engine inside
     * another program: {@code run} leaves SIGTERM and SIGINT to the JVM and is stopped by calling
     * {@code RunCommand.stop()}. {@link #main} adds the signal handling.
     */
    public static CommandLine commandLine() {
        return commandLine(false);
    }

    private static CommandLine commandLine(boolean ownsProcess) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return new CommandLine(new GatehouseCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == RunCommand.class ? type.cast(new RunCommand(ownsProcess)) : defaults.create(type);
            }
        });
    }

    /** Without a subcommand there is nothing to do: a usage error, exit 2, usage on stderr. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
