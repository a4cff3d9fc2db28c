package dev.gatehouse.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestCertificates;
import dev.gatehouse.engine.tls.KeyAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the schema reference honest: every {@code yaml} block in sample-configs/README.md must
 * load without warnings, every {@code yaml warnings} block must load with exactly the warnings of
 * the {@code text} block after it, and every {@code yaml invalid} block must fail with exactly the
 * errors of the {@code text} block after it. The certificate files the TLS examples name are made first, in a
 * directory the examples are loaded from, as a reader would with {@code gatehouse-engine certs}.
 */
class ReadmeExamplesTest {
    private static final Pattern FENCED_BLOCK = Pattern.compile("(?ms)^```([^\\n]*)\\n(.*?)^```[ \\t]*$");
    private static final ConfigLoader LOADER = new ConfigLoader(Map.of("ADMIN_TOKEN", "example-token")::get);

    @TempDir
    Path examplesDirectory;

    @Test
    void everyYamlExampleLoads() throws IOException {
        List<Block> examples = blocks().stream().filter(b -> b.info.equals("yaml")).toList();
        TestCertificates certs = TestCertificates.in(examplesDirectory.resolve("certs"));
        certs.server("server", "DNS:localhost", "IP:127.0.0.1");
        certs.server("api", "DNS:api.example.test");
        certs.server("backend", "IP:127.0.0.1");
        certs.write("client", certs.ca().issueClient("svc-a", List.of(), Duration.ofDays(1), KeyAlgorithm.EC_P256));

        assertThat(examples).hasSizeGreaterThan(5);
        for (Block example : examples) {
            assertThat(LOADER.load(example.body, "README.md example", examplesDirectory).warnings()).as(example.body)
                    .isEmpty();
        }
    }

    @Test
    void everyInvalidExampleFailsAsDocumented() throws IOException {
        List<Block> blocks = blocks();
        int checked = 0;
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).info.equals("yaml invalid")) {
                Block documented = blocks.get(i + 1);
                assertThat(documented.info).isEqualTo("text");
                try {
                    LOADER.load(blocks.get(i).body, "gateway.yaml");
                    throw new AssertionError("expected errors from:\n" + blocks.get(i).body);
                } catch (ConfigException e) {
                    assertThat(e.errors()).extracting(ConfigError::toString)
                            .containsExactlyElementsOf(documented.body.lines().toList());
                }
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void everyWarningExampleWarnsAsDocumented() throws IOException {
        List<Block> blocks = blocks();
        int checked = 0;
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).info.equals("yaml warnings")) {
                Block documented = blocks.get(i + 1);
                assertThat(documented.info).isEqualTo("text");
                assertThat(LOADER.load(blocks.get(i).body, "gateway.yaml").warnings()).as(blocks.get(i).body)
                        .extracting(ConfigWarning::toString)
                        .containsExactlyElementsOf(documented.body.lines().toList());
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    private static List<Block> blocks() throws IOException {
        String readme = Files.readString(samplesDirectory().resolve("README.md"));
        List<Block> blocks = new ArrayList<>();
        Matcher m = FENCED_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(new Block(m.group(1).strip(), m.group(2)));
        }
        return blocks;
    }

    private static Path samplesDirectory() {
        // Set by the surefire configuration; the fallback serves IDE runs from the module directory.
        return Path.of(System.getProperty("gatehouse.samples", "../sample-configs"));
    }

    private record Block(String info, String body) {
    }
}
