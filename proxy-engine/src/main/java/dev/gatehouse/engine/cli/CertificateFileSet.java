package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.tls.CertifiedKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where one {@code certs} command writes: {@code <name>.pem} and {@code <name>-key.pem} in a directory.
 * Both files are checked before either is written, so a refused command leaves nothing half done.
 */
record CertificateFileSet(Path certificate, Path key) {

    static CertificateFileSet in(Path directory, String name) {
        return new CertificateFileSet(directory.resolve(name + ".pem"), directory.resolve(name + "-key.pem"));
    }

    /** The files that exist already: the ones {@code --force} would replace. */
    List<Path> existing() {
        return List.of(certificate, key).stream().filter(Files::exists).toList();
    }

    /** "a.pem exists; pass --force to replace it" (or both). */
    String refusal() {
        List<Path> existing = existing();
        return existing.stream().map(Path::toString).collect(Collectors.joining(" and "))
                + (existing.size() == 1 ? " exists" : " exist") + "; pass --force to replace "
                + (existing.size() == 1 ? "it" : "them");
    }

    void write(CertifiedKey certified) throws IOException {
        certified.write(certificate, key);
    }

    /** What was written and what is in it, for the command's output. */
    void describe(PrintWriter out, CertifiedKey certified) {
        var leaf = certified.certificate();
        out.println("wrote " + certificate + " (certificate) and " + key + " (private key: keep it secret)");
        out.println("  subject:     " + leaf.getSubjectX500Principal().getName());
        if (!certified.subjectAltNames().isEmpty()) {
            out.println("  names:       " + certified.subjectAltNames().stream().map(Object::toString)
                    .collect(Collectors.joining(", ")));
        }
        out.println("  key:         " + leaf.getPublicKey().getAlgorithm() + ", signed " + leaf.getSigAlgName());
        out.println("  valid until: " + leaf.getNotAfter().toInstant());
        out.println("  SHA-256:     " + certified.fingerprint());
    }
}
