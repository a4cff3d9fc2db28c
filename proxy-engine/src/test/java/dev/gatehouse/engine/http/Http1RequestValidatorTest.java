package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validator behind Netty's codec on its own, without the raw-bytes guard: failures Netty reports
 * through {@code DecoderResult} (most of which the guard would catch first) still map to the right reply.
 */
class Http1RequestValidatorTest {
    private static final String CHUNKED_POST = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    static Stream<Arguments> decoderFailures() {
        return Stream.of(
                Arguments.of("chunk size not hex", CHUNKED_POST + "zz\r\nhello\r\n0\r\n\r\n",
                        ProtocolViolation.INVALID_CHUNKED_BODY),
                Arguments.of("chunk size overflow", CHUNKED_POST + "fffffffffffffffff\r\nhello\r\n0\r\n\r\n",
                        ProtocolViolation.INVALID_CHUNKED_BODY),
                Arguments.of("chunk data without CRLF", CHUNKED_POST + "5\r\nhelloXX0\r\n\r\n",
                        ProtocolViolation.INVALID_CHUNKED_BODY),
                Arguments.of("chunk size line ending in bare LF", CHUNKED_POST + "5\nhello\r\n0\r\n\r\n",
                        ProtocolViolation.INVALID_CHUNKED_BODY),
                Arguments.of("CL and TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n", ProtocolViolation.CONTENT_LENGTH_AND_TRANSFER_ENCODING),
                Arguments.of("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
                        ProtocolViolation.TRANSFER_ENCODING_IN_HTTP_1_0),
                Arguments.of("bare LF", "GET / HTTP/1.1\nHost: a\n\n", ProtocolViolation.MALFORMED_REQUEST),
                // Field names and values are the head guard's job (Netty's own header validation is off).
                Arguments.of("request line too long", "GET /" + "a".repeat(8200) + " HTTP/1.1\r\n\r\n",
                        ProtocolViolation.REQUEST_LINE_TOO_LONG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoderFailures")
    void mapsNettysDecoderFailures(String name, String raw, ProtocolViolation violation) {
        List<ProtocolViolation> violations = new ArrayList<>();
        var proxy = new RecordingProxy(true);
        var channel = new EmbeddedChannel(new HttpServerCodec(Http1Limits.DEFAULTS.decoderConfig()),
                new Http1RequestValidator(100, violations::add, DecoderProgress.unguarded()), proxy);
        try {
            channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));

            assertThat(violations).containsExactly(violation);
            assertThat(proxy.completedRequests()).isZero();
            assertThat(channel.isOpen()).isFalse();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void refusesHeadsTheGuardDidNotAnnounce() {
        // A guarded validator with no guard in front stands for the guard and decoder disagreeing.
        List<ProtocolViolation> violations = new ArrayList<>();
        var proxy = new RecordingProxy(true);
        var channel = new EmbeddedChannel(new HttpServerCodec(Http1Limits.DEFAULTS.decoderConfig()),
                new Http1RequestValidator(100, violations::add, DecoderProgress.guarded()), proxy);
        try {
            channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.US_ASCII));

            assertThat(violations).containsExactly(ProtocolViolation.MALFORMED_REQUEST);
            assertThat(proxy.requests).isEmpty();
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
