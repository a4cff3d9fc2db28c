package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.tls.CertificateAuthority;
import dev.gatehouse.engine.tls.KeyAlgorithm;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code certs ca --out DIR}: a new development CA, as {@code DIR/ca.pem} and {@code DIR/ca-key.pem}. */
@Command(name = "ca",
        description = "Create a development certificate authority: DIR/ca.pem (trust it in clients) and DIR/ca-key.pem.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:a file exists (see --force) or cannot be written", "2:usage error"})
final class CaCertCommand implements Callable<Integer> {
    /** The file name stem of a CA in its directory, which {@code certs server --ca DIR} reads. */
    static final String FILE_NAME = "ca";

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory to write into (created if missing)")
    Path out;

    @Option(names = "--name", paramLabel = "CN", defaultValue = "Gatehouse Development CA",
            description = "the CA's common name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--key", paramLabel = "TYPE", defaultValue = "ec-p256", converter = KeyAlgorithmConverter.class,
            description = "key type: ec-p256 (default), rsa-2048 or rsa-3072")
    KeyAlgorithm key;

    @Option(names = "--days", paramLabel = "N", defaultValue = "3650", description = "validity in days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--force", description = "replace existing files")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Duration validity = IssueCommand.validity(spec, days);
        var problems = new ProblemReport(spec.commandLine().getErr());
        CertificateFileSet files = CertificateFileSet.in(out, FILE_NAME);
        if (!force && !files.existing().isEmpty()) {
            problems.error(files.refusal());
            return 1;
        }
        CertificateAuthority ca = CertificateAuthority.create(name, key, validity);
        try {
            files.write(ca.root());
        } catch (IOException e) {
            problems.error("cannot write the CA into " + out + ": " + e.getMessage());
            return 1;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        files.describe(stdout, ca.root());
        stdout.println("trust " + files.certificate() + " in clients (curl --cacert " + files.certificate()
                + "), then issue certificates with: certs server --ca " + out + " --out DIR --name localhost");
        stdout.flush();
        return 0;
    }

    /** Reads ec, rsa, ec-p256, rsa-2048, rsa-3072. */
    static final class KeyAlgorithmConverter implements CommandLine.ITypeConverter<KeyAlgorithm> {
        @Override
        public KeyAlgorithm convert(String value) {
            try {
                return KeyAlgorithm.ofCliName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
