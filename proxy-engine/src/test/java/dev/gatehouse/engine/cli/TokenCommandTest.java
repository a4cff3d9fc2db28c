package dev.gatehouse.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code token} mints what the config's own jwt_authn filter then accepts. */
class TokenCommandTest {
    private static final String CONFIG = """
            filters:
              - name: jwt
                type: jwt_authn
                config:
                  providers:
                    - {name: lab, issuer: "https://gatehouse.dev/lab", algorithms: [HS256],
                       secret: "lab-secret-lab-secret-lab-secret-lab-secret"}
                  require: {scopes: [orders.read]}
            listeners:
              - {name: main, address: 127.0.0.1:0, filters: [jwt]}
            routes:
              - {name: secure, match: {prefix: /}, direct_response: {status: 200, body: "welcome"}}
            """;

    @Test
    void aMintedTokenIsAcceptedByTheSameConfig(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("lab.yaml"), CONFIG);
        var result = CliResult.execute("token", "-c", file.toString(), "--sub", "user123", "--scope", "orders.read",
                "--ttl", "10m");
        assertThat(result.exitCode()).as(result.err()).isZero();
        String token = result.out().trim();
        assertThat(token.split("\\.")).hasSize(3);
        try (var gw = TestGateway.start(CONFIG)) {
            assertThat(gw.get("/", "authorization", "Bearer " + token).body()).isEqualTo("welcome");
            assertThat(gw.get("/").statusCode()).isEqualTo(401);
        }
        var noScope = CliResult.execute("token", "-c", file.toString(), "--sub", "user123");
        try (var gw = TestGateway.start(CONFIG)) {
            assertThat(gw.get("/", "authorization", "Bearer " + noScope.out().trim()).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aConfigWithoutJwtSaysSo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain.yaml"), "listeners: [{name: a, address: 127.0.0.1:0}]\n");
        var result = CliResult.execute("token", "-c", file.toString(), "--sub", "x");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no jwt_authn filter");
    }
}
