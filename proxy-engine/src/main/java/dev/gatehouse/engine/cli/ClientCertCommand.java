package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.tls.CertificateAuthority;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.tls.KeyAlgorithm;
import dev.gatehouse.engine.tls.SubjectAltName;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certs client --ca DIR --out DIR --name NAME}: a client certificate issued by the development
 * CA, for a cluster's {@code tls.client_cert} (mutual TLS).
 */
@Command(name = "client",
        description = "Issue a client certificate (for mutual TLS): DIR/<file>.pem and DIR/<file>-key.pem.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:a file exists (see --force), the CA cannot be read, or a file cannot be written",
                        "2:usage error"})
final class ClientCertCommand extends IssueCommand {
    @Option(names = "--file", paramLabel = "NAME", defaultValue = "client",
            description = "file name stem (default: ${DEFAULT-VALUE}, giving client.pem and client-key.pem)")
    String file;

    @Override
    String fileName() {
        return file;
    }

    @Override
    List<SubjectAltName> defaultNames(String commonName) {
        return List.of(); // a client is known by its common name; names are optional
    }

    @Override
    CertifiedKey issue(CertificateAuthority ca, String commonName, List<SubjectAltName> names, Duration validity,
                       KeyAlgorithm algorithm) {
        return ca.issueClient(commonName, names, validity, algorithm);
    }
}
