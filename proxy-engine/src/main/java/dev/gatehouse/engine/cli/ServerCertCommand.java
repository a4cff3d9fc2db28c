package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.tls.CertificateAuthority;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.tls.KeyAlgorithm;
import dev.gatehouse.engine.tls.SubjectAltName;
import io.netty.util.NetUtil;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certs server --ca DIR --out DIR --name NAME [--san ...]}: a server certificate issued by the
 * development CA, for a listener's {@code tls.certificates} or a demo backend's {@code tls}.
 */
@Command(name = "server",
        description = {"Issue a server certificate: DIR/<file>.pem and DIR/<file>-key.pem.",
                       "Without --san it is valid for --name (as a DNS name, or an IP address)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:a file exists (see --force), the CA cannot be read, or a file cannot be written",
                        "2:usage error"})
final class ServerCertCommand extends IssueCommand {
    @Option(names = "--file", paramLabel = "NAME", defaultValue = "server",
            description = "file name stem (default: ${DEFAULT-VALUE}, giving server.pem and server-key.pem)")
    String file;

    @Override
    String fileName() {
        return file;
    }

    @Override
    List<SubjectAltName> defaultNames(String commonName) {
        return List.of(NetUtil.isValidIpV4Address(commonName) || NetUtil.isValidIpV6Address(commonName)
                ? SubjectAltName.ip(commonName) : SubjectAltName.dns(commonName));
    }

    @Override
    CertifiedKey issue(CertificateAuthority ca, String commonName, List<SubjectAltName> names, Duration validity,
                       KeyAlgorithm algorithm) {
        return ca.issueServer(commonName, names, validity, algorithm);
    }
}
