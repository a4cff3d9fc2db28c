package dev.gatehouse.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The embedded engine runs labs (TLS ones too) and the generator's client reaches every listener. */
class DemoEngineTest {
    private static Lab lab(int n) {
        return LabCatalog.locate().labs().stream().filter(l -> l.name().equals("Lab " + n)).findFirst().orElseThrow();
    }

    @Test
    void labsListTheirDescriptions() {
        var catalog = LabCatalog.locate();
        assertThat(catalog.labs()).extracting(Lab::name)
                .startsWith("Lab 1", "Lab 2", "Lab 3", "Lab 4").endsWith("Lab resilience");
        try (var files = java.nio.file.Files.list(catalog.directory())) { // every lab*.yaml, none left out
            assertThat(catalog.labs()).hasSize((int) files
                    .filter(f -> f.getFileName().toString().matches("lab.*\\.ya?ml")).count());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(lab(1).description()).startsWith("the naked proxy");
        assertThat(lab(2).description()).startsWith("the secure edge");
        assertThat(catalog.labs().get(catalog.labs().size() - 1).description()).startsWith("resilience");
    }

    @Test
    void theGeneratorsMixForATlsLabIsAnswered() throws Exception {
        try (var demo = DemoEngine.start(lab(2).file(), true); var traffic = new TrafficGenerator()) {
            var uris = demo.listenerUris();
            traffic.target(TrafficMix.forLab(lab(2).file(), demo.running()), uris::get);
            traffic.rate(60);
            traffic.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> traffic.answered() >= 100);
            traffic.stop();
            assertThat(traffic.summary()).contains("failed 0");
        }
    }

    @Test
    void aTlsLabAnswersTheGeneratorsClientOnceHotApplied() throws Exception {
        try (var demo = DemoEngine.start(lab(1).file(), true); var traffic = new TrafficGenerator()) {
            var outcome = demo.apply(lab(2).file()).get();
            assertThat(outcome.applied()).as(outcome.error()).isTrue();
            var uri = demo.listenerUris().get("https").resolve("/public/status");
            var response = traffic.httpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }
}
