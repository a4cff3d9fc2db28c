package dev.gatehouse.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A filter that reads whole request bodies before they go upstream: rewrite, refuse, limits. */
class RequestBodyFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                filters:
                  - {name: scrub, type: scrub, config: {limit: 64}}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [scrub]}
                routes:
                  - name: lenient
                    match: {prefix: /lenient}
                    cluster: echo
                    filter_overrides:
                      scrub: {config: {limit: 64, over_limit: PASS_THROUGH}}
                  - {name: echo, match: {prefix: /}, cluster: echo}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static java.net.http.HttpResponse<String> post(String path, String body) {
        return gw.send(HttpRequest.newBuilder(gw.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void theBodyIsRewrittenAndItsLengthFixed() throws Exception {
        var response = post("/x", "my secret value");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.get("body").asText()).isEqualTo("my [redacted] value");
        assertThat(echo.get("headers").get("content-length").asText()).isEqualTo("19");
    }

    @Test
    void aChunkedBodyIsGatheredAcrossChunks() throws Exception {
        try (var raw = new RawHttp(gw.port())) {
            raw.send("POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4\r\nsecr\r\n2\r\net\r\n0\r\n\r\n");
            var response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("body").asText()).isEqualTo("[redacted]");
        }
    }

    @Test
    void theFilterCanRefuseOnWhatTheBodySays() {
        var response = post("/x", "an attack payload");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("blocked\n");
    }

    @Test
    void overTheLimitRejectIs413AndPassThroughForwardsUnseen() throws Exception {
        String big = "secret ".repeat(20);
        assertThat(post("/x", big).statusCode()).isEqualTo(413);
        var passed = post("/lenient", big);
        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(passed.body()).get("body").asText()).isEqualTo(big);
    }
}
