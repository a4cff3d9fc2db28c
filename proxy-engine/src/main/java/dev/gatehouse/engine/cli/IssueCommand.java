package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.tls.CertificateAuthority;
import dev.gatehouse.engine.tls.CertificateFileException;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.tls.KeyAlgorithm;
import dev.gatehouse.engine.tls.SubjectAltName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code certs server} and {@code certs client} share: read the CA from its directory, issue a
 * certificate with a fresh key, and write both as PEM, refusing to replace files without {@code --force}.
 */
abstract class IssueCommand implements Callable<Integer> {
    /** Longer than any client accepts for a server certificate anyway; a bound against typos. */
    private static final int MAX_DAYS = 36500;

    @Option(names = "--ca", required = true, paramLabel = "DIR", description = "directory holding ca.pem and ca-key.pem (see certs ca)")
    Path caDirectory;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory to write into (created if missing)")
    Path out;

    @Option(names = "--name", required = true, paramLabel = "CN", description = "the certificate's common name")
    String name;

    @Option(names = "--san", paramLabel = "DNS:name|IP:address|URI:uri", converter = SubjectAltNameConverter.class,
            description = "a name the certificate is valid for (URI: e.g. a SPIFFE ID for a client); repeat for more")
    List<SubjectAltName> subjectAltNames = List.of();

    @Option(names = "--key", paramLabel = "TYPE", defaultValue = "ec-p256",
            converter = CaCertCommand.KeyAlgorithmConverter.class,
            description = "key type: ec-p256 (default), rsa-2048 or rsa-3072")
    KeyAlgorithm key;

    @Option(names = "--days", paramLabel = "N", defaultValue = "825", description = "validity in days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--force", description = "replace existing files")
    boolean force;

    @Spec
    CommandSpec spec;

    /** The file name stem when {@code --file} is not given: {@code server} or {@code client}. */
    abstract String fileName();

    /** The names to certify when no {@code --san} is given. */
    abstract List<SubjectAltName> defaultNames(String commonName);

    abstract CertifiedKey issue(CertificateAuthority ca, String commonName, List<SubjectAltName> names,
                                Duration validity, KeyAlgorithm algorithm);

    @Override
    public Integer call() {
        Duration validity = validity(spec, days);
        var problems = new ProblemReport(spec.commandLine().getErr());
        CertificateFileSet files = CertificateFileSet.in(out, fileName());
        if (!force && !files.existing().isEmpty()) {
            problems.error(files.refusal());
            return 1;
        }
        CertificateAuthority ca;
        try {
            ca = CertificateAuthority.load(caDirectory.resolve(CaCertCommand.FILE_NAME + ".pem"),
                    caDirectory.resolve(CaCertCommand.FILE_NAME + "-key.pem"));
        } catch (CertificateFileException e) {
            problems.error("cannot use the CA in " + caDirectory + ": " + e.getMessage()
                    + " (create one with: gatehouse-engine certs ca --out " + caDirectory + ")");
            return 1;
        }
        List<SubjectAltName> names = subjectAltNames.isEmpty() ? defaultNames(name) : subjectAltNames;
        CertifiedKey issued = issue(ca, name, names, validity, key);
        try {
            files.write(issued);
        } catch (IOException e) {
            problems.error("cannot write into " + out + ": " + e.getMessage());
            return 1;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        files.describe(stdout, issued);
        stdout.println("  issued by:   " + ca.certificate().getSubjectX500Principal().getName());
        stdout.flush();
        return 0;
    }

    /** {@code days} as a duration; a usage error (exit 2) when out of range. */
    static Duration validity(CommandSpec spec, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--days must be between 1 and " + MAX_DAYS + ", got " + days);
        }
        return Duration.ofDays(days);
    }

    /** Reads DNS:name and IP:address. */
    static final class SubjectAltNameConverter implements CommandLine.ITypeConverter<SubjectAltName> {
        @Override
        public SubjectAltName convert(String value) {
            try {
                return SubjectAltName.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
