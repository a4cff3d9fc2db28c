package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the strict front lets through, and how it sequences a refusal with the proxy's own responses. */
class StrictHttp1PipelineTest {
    /** Four keep-alive requests whose bodies hold bytes that would be violations in a head. */
    private static final String PIPELINED = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\nx\r\n y\rz\nGET "
            + "POST /three HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "1c\r\n\r\n\r\nGET /evil HTTP/1.1\r\n\tX: \r\n0\r\nX-Trailer: t\r\n\r\n"
            + "GET /four HTTP/1.1\r\nHost: a\r\n\r\n";

    @Test
    void validGetReachesTheProxyAndKeepsTheConnection() {
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.send("GET /x?y=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n");

            assertThat(connection.proxy.requests).singleElement().satisfies(request -> {
                assertThat(request.uri()).isEqualTo("/x?y=1");
                assertThat(request.headers().get("host")).isEqualTo("example.com");
            });
            assertThat(connection.replies()).extracting(EmbeddedHttp1Connection.Reply::status).containsExactly(200);
            assertThat(connection.isOpen()).isTrue();
            assertThat(connection.violations).isEmpty();
        }
    }

    @Test
    void chunkedPostPassesWithBodyAndTrailers() {
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n");

            assertThat(connection.proxy.requests).singleElement()
                    .satisfies(request -> assertThat(request.headers().get("transfer-encoding")).isEqualTo("chunked"));
            assertThat(connection.proxy.bodies).singleElement().hasToString("hello world");
            assertThat(connection.proxy.trailers).singleElement()
                    .satisfies(trailers -> assertThat(trailers.get("x-checksum")).isEqualTo("abc"));
            assertThat(connection.replies()).extracting(EmbeddedHttp1Connection.Reply::status).containsExactly(200);
            assertThat(connection.violations).isEmpty();
        }
    }

    @Test
    void pipelinedKeepAliveRequestsPassInOrderWithBodiesUntouched() {
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.send(PIPELINED);

            assertPipelinedPassed(connection);
        }
    }

    @Test
    void pipelinedRequestsPassHoweverTheBytesAreSplit() {
        for (int split = 1; split < PIPELINED.length(); split++) {
            try (var connection = EmbeddedHttp1Connection.answering()) {
                connection.send(PIPELINED.substring(0, split)).send(PIPELINED.substring(split));

                assertPipelinedPassed(connection);
            }
        }
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.sendBytewise(PIPELINED);

            assertPipelinedPassed(connection);
        }
    }

    @Test
    void http10WithoutHostPasses() {
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.send("GET / HTTP/1.0\r\n\r\n");

            assertThat(connection.proxy.requests).singleElement()
                    .satisfies(request -> assertThat(request.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_0));
            assertThat(connection.violations).isEmpty();
        }
    }

    @Test
    void obsTextInValuesPassesWithItsBytesIntact() {
        // RFC 9110 §5.5 allows obs-text (0x80-0xFF) in values; Netty maps each byte to one char (ISO-8859-1).
        byte[] utf8 = "Zoë ☃".getBytes(StandardCharsets.UTF_8);
        String value = new String(utf8, StandardCharsets.ISO_8859_1);
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.send("GET / HTTP/1.1\r\nHost: a\r\nX-Name: " + value + "\r\n\r\n");

            assertThat(connection.proxy.requests).singleElement().satisfies(request ->
                    assertThat(request.headers().get("x-name").getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(utf8));
            assertThat(connection.violations).isEmpty();
        }
    }

    @Test
    void identicalRepeatedContentLengthsCollapseToOneField() {
        for (String lengths : new String[] {"Content-Length: 5, 5\r\n", "Content-Length: 5\r\nContent-Length: 5\r\n"}) {
            try (var connection = EmbeddedHttp1Connection.answering()) {
                connection.send("POST / HTTP/1.1\r\nHost: a\r\n" + lengths + "\r\nhello");

                assertThat(connection.proxy.requests).singleElement().satisfies(request ->
                        assertThat(request.headers().getAll("content-length")).containsExactly("5"));
                assertThat(connection.proxy.bodies).singleElement().hasToString("hello");
            }
        }
    }

    @Test
    void framingHeadersAreRewrittenInCanonicalForm() {
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 005\r\n\r\nhello"
                    + "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , Chunked\r\n\r\n0\r\n\r\n");

            assertThat(connection.proxy.requests).extracting(request -> request.headers().get("content-length"))
                    .containsExactly("5", null);
            assertThat(connection.proxy.requests).extracting(request -> request.headers().get("transfer-encoding"))
                    .containsExactly(null, "chunked");
        }
    }

    @Test
    void otherAcceptedFormsPass() {
        try (var connection = EmbeddedHttp1Connection.answering()) {
            connection.send("\r\n\r\nGET http://Example.com:8080/p HTTP/1.1\r\nHost: example.com:8080\r\n\r\n"
                    + "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: a\r\n" + RefusedRequests.fields(99) + "\r\n");

            assertThat(connection.proxy.requests).extracting(HttpRequest::uri)
                    .containsExactly("http://Example.com:8080/p", "*", "/");
            assertThat(connection.violations).isEmpty();
        }
    }

    @Test
    void refusalWaitsForTheResponsesOwedToEarlierRequests() {
        try (var connection = EmbeddedHttp1Connection.silent()) {
            connection.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /two HTTP/1.1\r\nHost: a\r\nX: y\r\n folded\r\n\r\n");

            assertThat(connection.proxy.requests).extracting(HttpRequest::uri).containsExactly("/one");
            assertThat(connection.replies()).as("nothing may overtake the response to /one").isEmpty();
            assertThat(connection.isOpen()).isTrue();

            connection.proxy.answer();

            assertThat(connection.replies()).extracting(EmbeddedHttp1Connection.Reply::status)
                    .containsExactly(200, 400);
            assertThat(connection.isOpen()).isFalse();
            assertThat(connection.violations).containsExactly(ProtocolViolation.OBS_FOLD);
        }
    }

    @Test
    void nothingReadAfterARefusalReachesTheProxy() {
        try (var connection = EmbeddedHttp1Connection.silent()) {
            connection.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\n\r\n");
            connection.send("GET /three HTTP/1.1\r\nHost: a\r\n\r\n");

            assertThat(connection.proxy.requests).extracting(HttpRequest::uri).containsExactly("/one");
            assertThat(connection.channel.config().isAutoRead()).isFalse();
        }
    }

    @Test
    void brokenChunkAfterTheHeadWasPassedOnIsAnsweredInItsPlace() {
        try (var connection = EmbeddedHttp1Connection.silent()) {
            connection.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
            connection.send("5\r\nhelloXX0\r\n\r\n");

            assertThat(connection.proxy.requests).hasSize(1);
            assertThat(connection.proxy.completedRequests()).isZero();
            assertThat(connection.proxy.events).containsExactly(ProtocolViolation.INVALID_CHUNKED_BODY);
            StrictHttp1PipelineRefusalTest.assertRefused(connection, ProtocolViolation.INVALID_CHUNKED_BODY);
        }
    }

    @Test
    void brokenChunkAfterTheResponseBeganClosesWithoutAReply() {
        try (var connection = EmbeddedHttp1Connection.silent()) {
            connection.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
            var head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
            connection.channel.writeAndFlush(head);

            connection.send("zz\r\n");

            assertThat(connection.isOpen()).isFalse();
            assertThat(connection.written()).as("only the begun 200 head, no second response")
                    .isEqualTo("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n");
            assertThat(connection.violations).containsExactly(ProtocolViolation.INVALID_CHUNKED_BODY);
        }
    }

    @Test
    void aProxyResponseToTheRefusedRequestIsDroppedForTheLocalReply() {
        try (var connection = EmbeddedHttp1Connection.silent()) {
            connection.proxy.answerViolations();
            connection.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");

            connection.send("zz\r\n");

            assertThat(connection.proxy.answers).singleElement()
                    .satisfies(answer -> assertThat(answer.isSuccess()).isFalse());
            StrictHttp1PipelineRefusalTest.assertRefused(connection, ProtocolViolation.INVALID_CHUNKED_BODY);
        }
    }

    private static void assertPipelinedPassed(EmbeddedHttp1Connection connection) {
        assertThat(connection.violations).isEmpty();
        assertThat(connection.proxy.requests).extracting(HttpRequest::uri)
                .containsExactly("/one", "/two", "/three", "/four");
        assertThat(connection.proxy.bodies).extracting(StringBuilder::toString)
                .containsExactly("", "x\r\n y\rz\nGET ", "\r\n\r\nGET /evil HTTP/1.1\r\n\tX: ", "");
        assertThat(connection.replies()).extracting(EmbeddedHttp1Connection.Reply::status)
                .containsExactly(200, 200, 200, 200);
        assertThat(connection.isOpen()).isTrue();
    }
}
