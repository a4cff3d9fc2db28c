package dev.gatehouse.views.traces;

import static dev.gatehouse.views.traces.SampleTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarExportTest {
    @Test
    void writesHar12WithOneEntryPerTrace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.har");
        HarExport.write(List.of(trace("GET", "/api/x?a=1&b=2", "api", 200, 3, ""),
                trace("POST", "/api/y", "api", 503, 9, "")), file);
        JsonNode log = new ObjectMapper().readTree(file.toFile()).path("log");
        assertThat(log.path("version").asText()).isEqualTo("1.2");
        assertThat(log.path("entries")).hasSize(2);
        JsonNode first = log.path("entries").get(0);
        assertThat(first.path("request").path("url").asText()).isEqualTo("http://localhost:8080/api/x?a=1&b=2");
        assertThat(first.path("request").path("queryString")).hasSize(2);
        assertThat(first.path("response").path("status").asInt()).isEqualTo(200);
        assertThat(first.path("time").asDouble()).isEqualTo(3);
        assertThat(first.path("timings").path("wait").isNumber()).isTrue();
        assertThat(log.path("entries").get(1).path("request").path("method").asText()).isEqualTo("POST");
    }
}
