package dev.gatehouse.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.config.EngineSettings;
import dev.gatehouse.engine.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@code GET /config/versions} and rollback once more configs were applied than the engine keeps. */
class ConfigVersionsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each generation answers with its number in x-generation, so a test can tell which one serves. */
    private static String generation(int n, String engine) {
        return engine + """
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - name: all
                    match: {prefix: /}
                    cluster: echo
                    response_headers: {set: {x-generation: "%d"}}
                clusters:
                  - name: echo
                    endpoints: [{backend: echo}]
                demo_backends:
                  - {name: echo, kind: echo}
                """.formatted(n);
    }

    @Test
    void onlyTheLast20VersionsAreKeptAndRollbackStillWorks() throws Exception {
        assertThat(EngineSettings.DEFAULTS.versionsKept()).isEqualTo(20);
        try (var gw = TestGateway.start(generation(1, ""))) {
            applyGenerations(gw, 2, 25, "");

            assertThat(keptVersions(gw)).containsExactlyElementsOf(numbers(6, 25));
            assertThat(rollback(gw, "").path("version").asLong()).isEqualTo(26);
            assertThat(gw.get("/").headers().firstValue("x-generation")).hasValue("24");
            assertThat(keptVersions(gw)).containsExactlyElementsOf(numbers(7, 26));

            var evicted = gw.admin("POST", "/config/rollback?version=6", null, true);
            assertThat(evicted.statusCode()).as(evicted.body()).isEqualTo(409);
            assertThat(evicted.body()).contains("not kept");
            assertThat(rollback(gw, "?version=7").path("version").asLong()).isEqualTo(27);
            assertThat(gw.get("/").headers().firstValue("x-generation")).hasValue("7");
        }
    }

    @Test
    void versionsKeptSetsHowManyAreKept() throws Exception {
        String engine = "engine: {versions_kept: 3}\n";
        try (var gw = TestGateway.start(generation(1, engine))) {
            applyGenerations(gw, 2, 5, engine);

            assertThat(keptVersions(gw)).containsExactly(3L, 4L, 5L);
            assertThat(rollback(gw, "").path("version").asLong()).isEqualTo(6);
            assertThat(gw.get("/").headers().firstValue("x-generation")).hasValue("4");
        }
    }

    private static void applyGenerations(TestGateway gw, int from, int to, String engine) {
        for (int n = from; n <= to; n++) {
            var put = gw.admin("PUT", "/config", generation(n, engine), true);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        }
        assertThat(gw.get("/").headers().firstValue("x-generation")).hasValue(Integer.toString(to));
    }

    private static List<Long> keptVersions(TestGateway gw) throws Exception {
        var r = gw.admin("GET", "/config/versions", null, false);
        assertThat(r.statusCode()).isEqualTo(200);
        List<Long> numbers = new ArrayList<>();
        JSON.readTree(r.body()).get("versions").forEach(v -> numbers.add(v.get("version").asLong()));
        return numbers;
    }

    private static JsonNode rollback(TestGateway gw, String query) throws Exception {
        var r = gw.admin("POST", "/config/rollback" + query, null, true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<Long> numbers(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }
}
