package dev.gatehouse.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code certs ca | server | client}: a development CA and certificates issued by it, written as PEM,
 * so HTTPS works in a lab without an outside tool. Existing files are never replaced without
 * {@code --force}.
 */
@Command(name = "certs",
        description = "Create a development CA and issue server and client certificates (PEM).",
        subcommands = {CaCertCommand.class, ServerCertCommand.class, ClientCertCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:a file exists (see --force), or cannot be read or written", "2:usage error"})
final class CertsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand there is nothing to do: a usage error, as for the top-level command. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: ca, server or client");
    }
}
