package dev.gatehouse.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.ConfigExporter;
import dev.gatehouse.engine.http.ResponseFlag;
import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter SPI end to end: order, pause and resume, replies, per-route overrides, containment, traces. */
class FilterChainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONFIG = """
            filters:
              - {name: slow-auth, type: later, config: {delay_ms: 15}}
              - {name: key, type: require_key, config: {header: x-api-key}}
              - name: stamp
                type: headers
                config:
                  request: {set: {x-stamped: "yes"}}
                  response: {set: {x-filtered: "yes"}, remove: [x-backend]}
              - {name: trap, type: explode}
            listeners:
              - name: main
                address: 127.0.0.1:0
                filters: [slow-auth, key, stamp, trap]
            routes:
              - name: public
                match: {prefix: /public}
                cluster: echo
                filter_overrides:
                  key: {disabled: true}
              - name: boom
                match: {prefix: /boom}
                cluster: echo
                filter_overrides:
                  trap: {config: {enabled: true}}
              - {name: private, match: {prefix: /}, cluster: echo}
            clusters:
              - {name: echo, endpoints: [{backend: echo}]}
            demo_backends:
              - {name: echo, kind: echo}
            """;
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }


    @Test
    void aReplyingFilterStopsTheChainAndIsTraced() throws Exception {
        var reader = gw.gateway().tap().reader();
        var response = gw.get("/private/x");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("ApiKey");
        assertThat(response.body()).isEqualTo("missing x-api-key\n");
        Trace trace = dev.gatehouse.engine.testing.Traces.await(reader, response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(trace.filterSpans()).extracting(Trace.FilterSpan::filter, Trace.FilterSpan::phase,
                        Trace.FilterSpan::verdict)
                .startsWith(org.assertj.core.groups.Tuple.tuple("slow-auth", "request_headers", "continue"),
                        org.assertj.core.groups.Tuple.tuple("key", "request_headers", "reject"));
        assertThat(trace.filterSpans()).extracting(Trace.FilterSpan::filter).doesNotContain("stamp", "trap");
    }

    @Test
    void aPassingRequestRunsEveryFilterBothWays() throws Exception {
        var reader = gw.gateway().tap().reader();
        var response = gw.get("/private/y", "x-api-key", "k1");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.get("headers").get("x-stamped").asText()).isEqualTo("yes");
        assertThat(response.headers().firstValue("x-filtered")).hasValue("yes");
        assertThat(response.headers().firstValue("x-backend")).isEmpty();
        Trace trace = dev.gatehouse.engine.testing.Traces.await(reader, response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(trace.consumer()).isEqualTo("key-k1");
        assertThat(trace.filterSpans()).extracting(s -> s.filter() + ":" + s.phase() + ":" + s.verdict())
                .containsSubsequence("slow-auth:request_headers:continue", "key:request_headers:continue",
                        "stamp:request_headers:modify", "trap:request_headers:continue",
                        "stamp:response_headers:modify");
        // a phase a filter leaves to the default (no-op) is neither run nor traced: only stamp
        // handles responses, and none of these filters has a log phase
        assertThat(trace.filterSpans()).filteredOn(s -> s.phase().equals("response_headers"))
                .extracting(Trace.FilterSpan::filter).containsExactly("stamp");
        assertThat(trace.filterSpans()).extracting(Trace.FilterSpan::phase).doesNotContain("log");
        // a paused filter's entry is written when it resumes, so it covers the wait
        assertThat(trace.filterSpans().get(0).nanos()).isGreaterThanOrEqualTo(15_000_000L);
        assertThat(trace.filterSpans().get(0).notes()).containsExactly("waited_ms", "15");
        Trace.FilterSpan key = trace.filterSpans().get(1);
        assertThat(key.notes()).containsExactly("consumer", "key-k1");
        assertThat(trace.filterSpans()).allSatisfy(s -> assertThat(s.nanos()).isNotNegative());
        assertThat(trace.toJson()).contains("\"consumer\":\"key-k1\"").contains("\"verdict\":\"modify\"");
    }

    @Test
    void aRouteCanSwitchAFilterOff() {
        assertThat(gw.get("/public/z").statusCode()).isEqualTo(200);
    }

    @Test
    void aThrowingFilterIsContainedAs500AndTheEngineCarriesOn() throws Exception {
        var reader = gw.gateway().tap().reader();
        var response = gw.get("/boom", "x-api-key", "k2");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("FE");
        assertThat(response.body()).contains("filter 'trap' failed");
        Trace trace = dev.gatehouse.engine.testing.Traces.await(reader, response.headers().firstValue("x-request-id").orElseThrow());
        Trace.FilterSpan trap = trace.filterSpans().stream().filter(s -> s.filter().equals("trap")).findFirst().orElseThrow();
        assertThat(trap.verdict()).isEqualTo("error");
        assertThat(trap.notes()).contains("java.lang.IllegalStateException: boom");
        assertThat(gw.get("/private/after", "x-api-key", "k3").statusCode()).isEqualTo(200);
        assertThat(gw.gateway().metrics().scrapeText())
                .contains("gatehouse_filter_errors_total{filter=\"trap\",listener=\"main\"}");
    }

    @Test
    void aBodySentWhileAFilterIsPausedIsForwarded() throws Exception {
        var response = gw.send(HttpRequest.newBuilder(gw.uri("/private/post"))
                .header("x-api-key", "k4")
                .POST(HttpRequest.BodyPublishers.ofString("payload through a paused chain")).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("body").asText()).isEqualTo("payload through a paused chain");
    }

    @Test
    void filterConfigsAreCheckedWithLineAndPathAndExportRoundTrips() {
        assertThatThrownBy(() -> new ConfigLoader().load("""
                filters:
                  - {name: a, type: nosuch}
                  - {name: b, type: headers, config: {request: {sett: {}}}}
                  - {name: c, type: require_key}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [a, missing]}
                """, "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("f.yaml:2:")
                .hasMessageContaining("unknown filter type 'nosuch'")
                .hasMessageContaining("filters[1].config.request.sett")
                .hasMessageContaining("filters[2].config.header")
                .hasMessageContaining("unknown filter 'missing'");
        var loaded = new ConfigLoader().load(CONFIG, "chain.yaml").config();
        assertThat(new ConfigLoader().load(ConfigExporter.toYaml(loaded), "export.yaml").config()).isEqualTo(loaded);
    }
}
