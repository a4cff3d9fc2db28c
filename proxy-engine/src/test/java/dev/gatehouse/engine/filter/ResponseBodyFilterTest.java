package dev.gatehouse.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.http.ResponseFlag;
import dev.gatehouse.engine.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A filter that buffers and rewrites response bodies, within its limit, with either over-limit behaviour. */
class ResponseBodyFilterTest {
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                filters:
                  - {name: shout, type: shout, config: {limit: 4096}}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [shout]}
                routes:
                  - name: reject
                    match: {prefix: /reject/}
                    rewrite: {prefix: /bytes/}
                    cluster: stream
                    filter_overrides:
                      shout: {config: {limit: 1000, over_limit: REJECT}}
                  - name: pass
                    match: {prefix: /pass/}
                    rewrite: {prefix: /bytes/}
                    cluster: stream
                    filter_overrides:
                      shout: {config: {limit: 1000, over_limit: PASS_THROUGH}}
                  - {name: stream, match: {prefix: /bytes}, cluster: stream}
                clusters:
                  - {name: stream, endpoints: [{backend: stream}]}
                demo_backends:
                  - {name: stream, kind: stream}
                """);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void theWholeBodyIsRewrittenAndContentLengthFixed() {
        var response = gw.get("/bytes/10");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("!\"#$%&'()*!");
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(11);
    }

    @Test
    void withinTheLimitTheBodyIsRewritten() {
        var response = gw.get("/reject/500");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(501).endsWith("!");
    }

    @Test
    void overTheLimitWithRejectIs502() {
        var response = gw.get("/reject/5000");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue(ResponseFlag.HEADER)).hasValue("FE");
    }

    @Test
    void overTheLimitWithPassThroughSendsTheBodyUntouched() {
        var response = gw.get("/pass/5000");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(5000).doesNotEndWith("!");
        StringBuilder expected = new StringBuilder(5000);
        for (int i = 0; i < 5000; i++) {
            expected.append((char) ('!' + i % 94)); // the stream backend's pattern, lower case included
        }
        assertThat(response.body()).isEqualTo(expected.toString());
    }
}
