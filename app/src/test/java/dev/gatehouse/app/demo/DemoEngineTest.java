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

    /**
     * With one worker event loop per engine (the workbench leaves the FX thread a core) and a second engine
     * busy in the same JVM, a burst at a TLS lab must not multiply connections: each new one is a handshake
     * on the same loop, and that feedback once starved requests into 10 s timeouts.
     */
    @Test
    void aBurstAtATlsLabReusesOneConnectionWhileAnotherEngineServes() throws Exception {
        try (var other = DemoEngine.start(lab(1).file(), true); var otherTraffic = new TrafficGenerator();
             var demo = DemoEngine.start(lab(2).file(), true); var traffic = new TrafficGenerator()) {
            assertThat(demo.running().engine().workers()).isEqualTo(DemoEngine.workers());
            otherTraffic.target(TrafficMix.forLab(lab(1).file(), other.running()), other.listenerUris()::get);
            otherTraffic.rate(200);
            otherTraffic.start();
            traffic.target(TrafficMix.forLab(lab(2).file(), demo.running()), demo.listenerUris()::get);
            traffic.rate(20);
            traffic.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> traffic.answered() >= 20);
            double connectedBefore = tlsHandshakes(demo);
            long answeredBefore = traffic.answered();
            traffic.rate(1_000); // ten requests a tick, sent at once
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> traffic.answered() - answeredBefore >= 2_000);
            traffic.stop();
            assertThat(traffic.summary()).contains("failed 0");
            assertThat(tlsHandshakes(demo) - connectedBefore).as("TLS handshakes during the burst").isLessThanOrEqualTo(2);
        }
    }

    private static double tlsHandshakes(DemoEngine demo) {
        return demo.gateway().metrics().scrapeText().lines()
                .filter(l -> l.startsWith("gatehouse_downstream_tls_handshakes_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
