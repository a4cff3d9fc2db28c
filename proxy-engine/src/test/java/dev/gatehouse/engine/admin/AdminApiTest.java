package dev.gatehouse.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.TestGateway;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;

/** The admin API against a running lab 1 engine. */
@TestMethodOrder(MethodOrderer.MethodName.class)
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.fromSample("lab1-naked-proxy.yaml");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void readyReportsTheServingVersion() throws Exception {
        var r = gw.admin("GET", "/ready", null, false);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void prometheusTextCountsRequestsByRouteAndStatusClass() {
        gw.get("/service/echo/a");
        gw.get("/missing");
        // A request is counted when it completes, just after its last byte is written: the client
        // may read the answer first, so wait for the counts rather than race them.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var r = gw.admin("GET", "/stats/prometheus", null, false);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
            assertThat(r.body())
                    .contains("gatehouse_requests_total{cluster=\"echo\",code_class=\"2xx\",listener=\"public\",route=\"echo\"}")
                    .contains("gatehouse_requests_total{cluster=\"-\",code_class=\"4xx\",listener=\"public\",route=\"-\"}")
                    .contains("gatehouse_request_duration_seconds_bucket")
                    .contains("gatehouse_upstream_request_duration_seconds_count{cluster=\"echo\"}")
                    .contains("gatehouse_local_replies_total{flag=\"NR\",listener=\"public\"}")
                    .contains("gatehouse_downstream_connections_active{listener=\"public\"}")
                    .contains("gatehouse_endpoint_healthy{cluster=\"web\"");
        });
    }

    @Test
    void statsIsJson() throws Exception {
        gw.get("/service/echo/b");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode stats = JSON.readTree(gw.admin("GET", "/stats", null, false).body());
            assertThat(stats.fieldNames()).toIterable().anyMatch(n -> n.startsWith("gatehouse_requests_total{"));
        });
    }

    @Test
    void clustersListEndpointsWithCounters() throws Exception {
        for (int i = 0; i < 4; i++) {
            gw.get("/service/web");
        }
        JsonNode clusters = JSON.readTree(gw.admin("GET", "/clusters", null, false).body()).get("clusters");
        JsonNode web = null;
        for (JsonNode c : clusters) {
            if (c.get("name").asText().equals("web")) {
                web = c;
            }
        }
        assertThat(web).isNotNull();
        assertThat(web.get("endpoints")).hasSize(2);
        for (JsonNode e : web.get("endpoints")) {
            assertThat(e.get("healthy").asBoolean()).isTrue();
            assertThat(e.get("total_requests").asLong()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void configDumpAndYamlShowTheServingConfig() throws Exception {
        JsonNode dump = JSON.readTree(gw.admin("GET", "/config_dump", null, false).body());
        assertThat(dump.get("config").get("routes").get(0).get("name").asText()).isEqualTo("echo");
        String yaml = gw.admin("GET", "/config", null, false).body();
        assertThat(yaml).contains("prefix: /service/echo");
    }

    @Test
    void mutatingCallsNeedTheToken() {
        var r = gw.admin("PUT", "/config", "listeners: []", false);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("www-authenticate")).isPresent();
        assertThat(gw.admin("POST", "/config/rollback", null, false).statusCode()).isEqualTo(401);
    }

    @Test
    void unknownPathsAre404() {
        assertThat(gw.admin("GET", "/nope", null, false).statusCode()).isEqualTo(404);
        assertThat(gw.admin("DELETE", "/config", null, true).statusCode()).isEqualTo(405);
    }

    @Test
    void x1_invalidConfigIsRejectedWithLinesAndTheOldOneKeepsServing() throws Exception {
        long before = JSON.readTree(gw.admin("GET", "/ready", null, false).body()).get("config_version").asLong();
        String bad = """
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                routes:
                  - name: echo
                    match: {prefx: /x}
                    cluster: nowhere
                """;
        var r = gw.admin("PUT", "/config", bad, true);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("applied").asBoolean()).isFalse();
        assertThat(body.get("errors").size()).isGreaterThanOrEqualTo(2);
        assertThat(r.body()).contains("\"line\" : 6").contains("prefx").contains("nowhere");
        assertThat(JSON.readTree(gw.admin("GET", "/ready", null, false).body()).get("config_version").asLong())
                .isEqualTo(before);
        assertThat(gw.get("/service/echo").statusCode()).isEqualTo(200);
    }

    @Test
    void x2_putAppliesAndRollbackRestores() throws Exception {
        String yaml = gw.admin("GET", "/config", null, false).body()
                .replace("prefix: /service/echo", "prefix: /v2/echo");
        var put = gw.admin("PUT", "/config", yaml, true);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(gw.get("/v2/echo").statusCode()).isEqualTo(200);
        assertThat(gw.get("/service/echo").statusCode()).isEqualTo(404);

        JsonNode versions = JSON.readTree(gw.admin("GET", "/config/versions", null, false).body());
        assertThat(versions.get("versions").size()).isGreaterThanOrEqualTo(2);

        var rollback = gw.admin("POST", "/config/rollback", null, true);
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        assertThat(gw.get("/service/echo").statusCode()).isEqualTo(200);
    }

    @Test
    void x3_aJsonBodyIsAppliedLikeYaml() throws Exception {
        JsonNode config = JSON.readTree(gw.admin("GET", "/config_dump", null, false).body()).get("config");
        String json = JSON.writeValueAsString(config).replace("\"/service/echo\"", "\"/json/echo\"");
        assertThat(json).startsWith("{").contains("\"/json/echo\"");

        var put = gw.admin("PUT", "/config", json, true);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(gw.get("/json/echo").statusCode()).isEqualTo(200);
        assertThat(gw.get("/service/echo").statusCode()).isEqualTo(404);

        assertThat(gw.admin("POST", "/config/rollback", null, true).statusCode()).isEqualTo(200);
        assertThat(gw.get("/service/echo").statusCode()).isEqualTo(200);
    }

    @Test
    void x4_anInvalidJsonBodyIsRejectedWithEveryErrorLocated() throws Exception {
        long before = JSON.readTree(gw.admin("GET", "/ready", null, false).body()).get("config_version").asLong();
        String bad = """
                {
                  "listeners": [{"name": "public", "address": "127.0.0.1:0"}],
                  "routes": [
                    {"name": "echo", "match": {"prefx": "/x"}, "cluster": "nowhere"}
                  ]
                }
                """;
        var r = gw.admin("PUT", "/config", bad, true);

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("applied").asBoolean()).isFalse();
        assertThat(body.get("errors")).extracting(e -> e.get("text").asText())
                .containsExactly(
                        "PUT /config:4:31: routes[0].match: needs a path condition: one of prefix, path, regex",
                        "PUT /config:4:32: routes[0].match.prefx: unknown field 'prefx' (did you mean 'prefix'?)",
                        "PUT /config:4:59: routes[0].cluster: unknown cluster 'nowhere'");
        assertThat(JSON.readTree(gw.admin("GET", "/ready", null, false).body()).get("config_version").asLong())
                .isEqualTo(before);
        assertThat(gw.get("/service/echo").statusCode()).isEqualTo(200);
    }
}
