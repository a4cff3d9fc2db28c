package dev.gatehouse.views.traces;

import static dev.gatehouse.views.traces.SampleTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.views.engine.TraceRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceFilterTest {
    private final TraceRecord okGet = trace("GET", "/api/orders", "api", 200, 3.2, "");
    private final TraceRecord slowPost = trace("POST", "/api/orders", "api", 503, 75, "free-user-123");
    private final TraceRecord denied = trace("GET", "/secure/x", "secure", 401, 0.4, "");
    private final TraceRecord miss = trace(1, "GET", "/nope", "", "", 404, 0.1, "", "NR");

    private List<TraceRecord> matching(String expression) {
        TraceFilter f = TraceFilter.parse(expression);
        return List.of(okGet, slowPost, denied, miss).stream().filter(f).toList();
    }

    @Test
    void theIssuesExampleNarrowsToOneTrace() {
        assertThat(matching("status>=400 route=api method=POST consumer=free-user-123 latency>50ms")).containsExactly(slowPost);
    }

    @Test
    void emptyExpressionKeepsEverything() {
        assertThat(matching("  ")).hasSize(4);
        assertThat(TraceFilter.parse("").isEmpty()).isTrue();
    }

    @Test
    void statusComparisonsAndClasses() {
        assertThat(matching("status>=400")).containsExactly(slowPost, denied, miss);
        assertThat(matching("status=4xx")).containsExactly(denied, miss);
        assertThat(matching("status!=5xx status<404")).containsExactly(okGet, denied);
        assertThat(matching("status=200")).containsExactly(okGet);
    }

    @Test
    void latencyUnits() {
        assertThat(matching("latency>50ms")).containsExactly(slowPost);
        assertThat(matching("latency>=0.07s")).containsExactly(slowPost);
        assertThat(matching("latency<500us")).containsExactly(denied, miss);
        assertThat(matching("latency<=3.2")).containsExactly(okGet, denied, miss);
    }

    @Test
    void textFieldsIgnoreCasePrefixAndContains() {
        assertThat(matching("method=post")).containsExactly(slowPost);
        assertThat(matching("path=/api*")).containsExactly(okGet, slowPost);
        assertThat(matching("path~ORDER")).containsExactly(okGet, slowPost);
        assertThat(matching("route!=api")).containsExactly(denied, miss);
        assertThat(matching("cluster=c-secure")).containsExactly(denied);
        assertThat(matching("host=localhost:8080")).hasSize(4);
    }

    @Test
    void flagsNegationAndBareWords() {
        assertThat(matching("flags=NR")).containsExactly(miss);
        assertThat(matching("flags=-")).containsExactly(okGet, slowPost, denied);
        assertThat(matching("!route=api")).containsExactly(denied, miss);
        assertThat(matching("secure")).containsExactly(denied);
    }

    @Test
    void errorsNameTheColumnAndTheField() {
        assertThatThrownBy(() -> TraceFilter.parse("status>=400 colour=red"))
                .isInstanceOf(TraceFilterException.class)
                .hasMessageContaining("unknown field 'colour'")
                .satisfies(e -> assertThat(((TraceFilterException) e).column()).isEqualTo(12));
        assertThatThrownBy(() -> TraceFilter.parse("status>=abc")).hasMessageContaining("'abc' is not a status");
        assertThatThrownBy(() -> TraceFilter.parse("latency>fast")).hasMessageContaining("not a latency");
        assertThatThrownBy(() -> TraceFilter.parse("route>api")).hasMessageContaining("route compares with");
        assertThatThrownBy(() -> TraceFilter.parse("status=")).hasMessageContaining("needs a value");
    }
}
