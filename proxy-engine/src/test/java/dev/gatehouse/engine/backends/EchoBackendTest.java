package dev.gatehouse.engine.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EchoBackendTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BackendExtension echo = new BackendExtension("echo-1", new DemoBackendKind.Echo(4096));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void describesTheRequest() throws Exception {
        var response = send(request("/things/42?color=red&color=blue&size=L")
                .header("X-Trace", "a")
                .header("X-Trace", "b")
                .header("X-Single", "one")
                .POST(BodyPublishers.ofString("héllo ✓")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-backend")).hasValue("echo-1");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode echoed = JSON.readTree(response.body());
        assertThat(echoed.get("method").asText()).isEqualTo("POST");
        assertThat(echoed.get("path").asText()).isEqualTo("/things/42");
        assertThat(echoed.get("query")).isEqualTo(JSON.readTree("{\"color\":[\"red\",\"blue\"],\"size\":[\"L\"]}"));
        assertThat(echoed.at("/headers/x-trace")).isEqualTo(JSON.readTree("[\"a\",\"b\"]"));
        assertThat(echoed.at("/headers/x-single").asText()).isEqualTo("one");
        assertThat(echoed.at("/headers/host").asText()).isEqualTo("127.0.0.1:" + echo.backend().address().getPort());
        assertThat(echoed.get("body").asText()).isEqualTo("héllo ✓");
        assertThat(echoed.get("backend").asText()).isEqualTo("echo-1");
        assertThat(echoed.get("remote_address").asText()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(echoed.get("protocol").asText()).isEqualTo("HTTP/1.1");
    }

    @Test
    void keepsTheConnectionAlive() throws Exception {
        String first = JSON.readTree(send(request("/one").GET()).body()).get("remote_address").asText();
        String second = JSON.readTree(send(request("/two").GET()).body()).get("remote_address").asText();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void statusHeaderSetsTheStatus() throws Exception {
        var response = send(request("/down").header("x-echo-status", "503").GET());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-backend")).hasValue("echo-1");
        assertThat(JSON.readTree(response.body()).get("path").asText()).isEqualTo("/down");
    }

    @Test
    void statusWithoutBodyIsSentWithout() throws Exception {
        var response = send(request("/empty").header("x-echo-status", "204").GET());

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void badControlHeaderIsA400() throws Exception {
        var response = send(request("/").header("x-echo-status", "99").GET());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("x-echo-status");
    }

    @Test
    void delayHeaderDelaysTheResponse() throws Exception {
        long start = System.nanoTime();
        var response = send(request("/slow").header("x-echo-delay-ms", "200").GET());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void closeHeaderDropsTheConnectionWithoutAnAnswer() {
        var request = request("/reset").header("x-echo-close", "1").GET();

        assertThatThrownBy(() -> send(request)).isInstanceOf(IOException.class);
    }

    @Test
    void bodyOverTheLimitIsA413() throws Exception {
        var response = send(request("/big").POST(BodyPublishers.ofString("x".repeat(5000))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("x-backend")).hasValue("echo-1");
    }

    @Test
    void ignoresAnOfferToUpgradeToH2c() throws Exception {
        // The JDK client's default, HTTP/2, asks a cleartext server to upgrade; HTTP/1.1 must still answer.
        var response = HttpClient.newHttpClient().send(request("/upgrade").GET().build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(JSON.readTree(response.body()).get("path").asText()).isEqualTo("/upgrade");
    }

    private static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(echo.uri(pathAndQuery)).timeout(TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), BodyHandlers.ofString());
    }
}
