package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request the strict front must refuse: each gets its own status and reason, the DPE flag,
 * {@code connection: close} and a closed connection. A refused head never reaches the proxy (which would
 * answer 200); a chunked body that breaks after its head was passed on never completes there, and the
 * proxy is told through a user event.
 */
class StrictHttp1PipelineRefusalTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource(RefusedRequests.HEADS)
    void refusesWithLocalReplyAndCloses(String name, String raw, ProtocolViolation violation) {
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.send(raw);

            assertRefused(connection, violation);
            assertThat(connection.proxy.requests).as("requests seen by the proxy").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RefusedRequests.HEADS)
    void refusesTheSameWhenBytesArriveOneByOne(String name, String raw, ProtocolViolation violation) {
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.sendBytewise(raw);

            assertRefused(connection, violation);
            assertThat(connection.proxy.requests).as("requests seen by the proxy").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RefusedRequests.BODIES)
    void refusesABrokenBodyAfterItsHeadWasPassedOn(String name, String raw, ProtocolViolation violation) {
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.send(raw);

            assertBodyRefused(connection, violation);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RefusedRequests.BODIES)
    void refusesABrokenBodyTheSameWhenBytesArriveOneByOne(String name, String raw, ProtocolViolation violation) {
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.sendBytewise(raw);

            assertBodyRefused(connection, violation);
        }
    }

    static void assertRefused(EmbeddedHttp1Connection connection, ProtocolViolation violation) {
        assertThat(connection.replies()).singleElement().satisfies(reply -> {
            assertThat(reply.status()).isEqualTo(violation.status().code());
            assertThat(reply.headers().get(ResponseFlag.HEADER)).isEqualTo("DPE");
            assertThat(reply.headers().get("connection")).isEqualTo("close");
            assertThat(reply.headers().get("x-request-id")).matches(RefusedRequests.GENERATED_REQUEST_ID);
            assertThat(reply.body()).isEqualTo(RefusedRequests.replyBody(violation, reply.headers().get("x-request-id")));
        });
        assertThat(connection.isOpen()).as("connection open").isFalse();
        assertThat(connection.violations).containsExactly(violation);
    }

    private static void assertBodyRefused(EmbeddedHttp1Connection connection, ProtocolViolation violation) {
        assertRefused(connection, violation);
        assertThat(connection.proxy.requests).as("heads seen by the proxy").hasSize(1);
        assertThat(connection.proxy.completedRequests()).as("requests completed at the proxy").isZero();
        assertThat(connection.proxy.events).containsExactly(violation);
    }
}
