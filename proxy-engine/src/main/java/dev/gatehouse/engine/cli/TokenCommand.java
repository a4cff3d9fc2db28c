package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.DurationSyntax;
import dev.gatehouse.engine.filters.jwt.LabTokens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code token -c CONFIG --sub NAME [--scope S]... [--ttl 1h]}: a development JWT for a lab's provider. */
@Command(name = "token", description = "Mint a development JWT that the config's jwt_authn provider accepts.")
final class TokenCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "config file")
    Path file;

    @Option(names = "--sub", required = true, description = "the subject (sub claim)")
    String subject;

    @Option(names = "--scope", description = "a scope to grant; repeat for more")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--ttl", defaultValue = "1h", description = "lifetime, e.g. 15m, 1h (default ${DEFAULT-VALUE})")
    String ttl;

    @Option(names = "--provider", description = "which provider (default: the first)")
    String provider;

    @Option(names = "--key", paramLabel = "FILE", description = "private key (PEM or JWK) for providers without a shared secret")
    Path key;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        try {
            var config = new ConfigLoader().load(file).config();
            String token = LabTokens.mint(config, provider, key, subject, scopes, parse(ttl), Clock.systemUTC());
            spec.commandLine().getOut().println(token);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ConfigException e) {
            e.errors().forEach(error -> err.println(error));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("error: " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    /** The config's duration syntax (15m, 1h), plus whole days for long-lived lab tokens. */
    private static Duration parse(String text) {
        try {
            if (text.endsWith("d")) {
                return Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return DurationSyntax.parse(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ttl must look like 15m or 1h, got '" + text + "'");
        }
    }
}
