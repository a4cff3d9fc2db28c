package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import java.io.IOException;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request the strict HTTP/1.1 front refuses, sent over a real socket to a running gateway in front of an
 * upstream that counts what reaches it. The client gets the violation's status as a JSON local reply with a new
 * request id, the gateway closes that connection and only that one, the refusal is counted by reason, and the
 * upstream sees nothing of a refused head. A chunked body that breaks after its head was passed on (the gateway
 * streams bodies) never arrives whole: the upstream exchange is abandoned, not ended as if the body were complete.
 */
class StrictParsingGatewayTest {
    private static final String PROTOCOL_ERRORS = "gatehouse_downstream_protocol_errors_total";
    private static StubUpstream upstream;
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        upstream = new StubUpstream(200, "recorded");
        // The headers timeout is longer than RawHttp's read timeout: it would otherwise close a connection the
        // gateway failed to close after a refusal just in time for the test to see it closed.
        gw = TestGateway.start("""
                listeners:
                  - name: main
                    address: 127.0.0.1:0
                    limits: {request_headers_timeout: 60s}
                  - name: tight
                    address: 127.0.0.1:0
                    limits: {max_request_line_bytes: 256, max_header_bytes: 1KiB, max_headers: 10,
                             request_headers_timeout: 60s}
                routes:
                  - name: all
                    match: {prefix: /}
                    cluster: recorded
                clusters:
                  - name: recorded
                    endpoints: [{address: "%s"}]
                """.formatted(upstream.address()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RefusedRequests.HEADS)
    void refusedHeadGetsItsLocalReplyAndNeverReachesTheUpstream(String name, String raw, ProtocolViolation violation)
            throws IOException {
        assertRefusedAlone("main", raw, violation, UpstreamSees.NOTHING);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RefusedRequests.BODIES)
    void brokenChunkedBodyGetsItsLocalReplyAndNeverArrivesWholeUpstream(String name, String raw,
                                                                       ProtocolViolation violation) throws IOException {
        assertRefusedAlone("main", raw, violation, UpstreamSees.NO_COMPLETE_REQUEST);
    }

    @Test
    void requestLineLongerThanTheListenersLimitGets414() throws IOException {
        String longLine = "GET /" + "a".repeat(300) + " HTTP/1.1\r\nHost: a\r\n\r\n";

        assertRefusedAlone("tight", longLine, ProtocolViolation.REQUEST_LINE_TOO_LONG, UpstreamSees.NOTHING);
        assertServed("main", longLine);
    }

    @Test
    void headerSectionLargerThanTheListenersLimitGets431() throws IOException {
        String bigHeaders = "GET / HTTP/1.1\r\nHost: a\r\nX-A: " + "a".repeat(600) + "\r\nX-B: " + "b".repeat(600)
                + "\r\n\r\n";

        assertRefusedAlone("tight", bigHeaders, ProtocolViolation.HEADERS_TOO_LARGE, UpstreamSees.NOTHING);
        assertServed("main", bigHeaders);
    }

    @Test
    void moreHeaderFieldsThanTheListenersLimitGet431() throws IOException {
        String elevenFields = "GET / HTTP/1.1\r\nHost: a\r\n" + RefusedRequests.fields(10) + "\r\n";
        String tenFields = "GET / HTTP/1.1\r\nHost: a\r\n" + RefusedRequests.fields(9) + "\r\n";

        assertRefusedAlone("tight", elevenFields, ProtocolViolation.TOO_MANY_HEADERS, UpstreamSees.NOTHING);
        assertServed("tight", tenFields);
    }

    /**
     * Sends {@code raw} on one connection while a second, keep-alive connection to the same listener is served
     * before and after it: the second one's request after the refusal also makes sure that anything the refused
     * request might have sent upstream has arrived before the upstream's count is checked.
     */
    private static void assertRefusedAlone(String listener, String raw, ProtocolViolation violation,
                                           UpstreamSees upstreamSees) throws IOException {
        IntSupplier upstreamCount = upstreamSees == UpstreamSees.NOTHING ? upstream::hits : upstream::completedRequests;
        double refusalsBefore = refusals(listener, violation);
        try (var bystander = new RawHttp(gw.port(listener)); var offender = new RawHttp(gw.port(listener))) {
            assertServed(bystander);
            int upstreamCountBefore = upstreamCount.getAsInt();

            offender.send(raw);
            var reply = offender.readResponse();

            assertThat(reply.status()).isEqualTo(violation.status().code());
            assertThat(reply.header(ResponseFlag.HEADER)).isEqualTo("DPE");
            assertThat(reply.header("connection")).isEqualTo("close");
            assertThat(reply.header("content-type")).isEqualTo("application/json");
            String requestId = reply.header("x-request-id");
            assertThat(requestId).matches(RefusedRequests.GENERATED_REQUEST_ID);
            assertThat(reply.body()).isEqualTo(RefusedRequests.replyBody(violation, requestId));
            assertThat(offender.isClosedByPeer()).as("refused connection closed by the gateway").isTrue();

            assertServed(bystander);
            assertThat(upstreamCount.getAsInt()).as("upstream count of %s: the bystander's request only", upstreamSees)
                    .isEqualTo(upstreamCountBefore + 1);
            assertThat(refusals(listener, violation)).as("refusals counted for " + violation.code())
                    .isEqualTo(refusalsBefore + 1);
        }
    }

    private static void assertServed(String listener, String raw) throws IOException {
        try (var client = new RawHttp(gw.port(listener))) {
            client.send(raw);
            assertThat(client.readResponse().status()).isEqualTo(200);
        }
    }

    private static void assertServed(RawHttp keepAlive) throws IOException {
        keepAlive.send("GET /bystander HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = keepAlive.readResponse();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("recorded says 200\n");
    }

    /** What of a refused request the upstream may see, counted by {@link StubUpstream}. */
    private enum UpstreamSees {
        /** Not even a head ({@link StubUpstream#hits()}). */
        NOTHING,
        /** Perhaps the head, never the whole request ({@link StubUpstream#completedRequests()}). */
        NO_COMPLETE_REQUEST
    }

    private static double refusals(String listener, ProtocolViolation violation) {
        return gw.metric(PROTOCOL_ERRORS + "{listener=\"" + listener + "\",reason=\"" + violation.code() + "\"}");
    }
}
