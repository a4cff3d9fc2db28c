package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Http1ClientCodec} over an embedded channel: responses fed in any split, requests written out. */
class Http1ClientCodecTest {

    @Test
    void aContentLengthResponseDecodesTheSameHoweverItIsSplit() {
        String wire = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Odd-Case: Kept\r\nContent-Length: 5\r\n\r\nhello"
                + "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";
        for (int split = 1; split < wire.length(); split++) {
            Decoded d = decode(List.of(HttpMethod.GET, HttpMethod.GET), wire.substring(0, split), wire.substring(split));
            assertThat(d.heads).hasSize(2);
            assertThat(d.heads.get(0).status().code()).isEqualTo(200);
            assertThat(d.heads.get(0).headers().get("x-odd-case")).isEqualTo("Kept");
            assertThat(d.heads.get(0).headers().names()).contains("Content-Type", "X-Odd-Case");
            assertThat(d.bodies).containsExactly("hello", "");
            assertThat(d.heads.get(1).status().code()).isEqualTo(404);
            assertThat(d.failure).isNull();
        }
    }

    @Test
    void aChunkedResponseWithExtensionsAndTrailersDecodesHoweverItIsSplit() {
        String wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\ngrpc-status: 0\r\nX-Sum: abc\r\n\r\n";
        for (int split = 1; split < wire.length(); split++) {
            Decoded d = decode(List.of(HttpMethod.GET), wire.substring(0, split), wire.substring(split));
            assertThat(d.failure).as("split at " + split).isNull();
            assertThat(d.bodies).containsExactly("hello world");
            assertThat(d.heads.get(0).headers().contains("content-length")).as("chunked framing wins").isFalse();
            assertThat(d.trailers.get(0)).containsExactly("grpc-status: 0", "X-Sum: abc");
        }
    }

    @Test
    void aHeadTricklingInByteByByteIsReadOnceWhole() {
        String wire = "HTTP/1.1 200 OK\r\nX-Long: " + "v".repeat(20_000) + "\r\nContent-Length: 3\r\n\r\nabc"
                + "HTTP/1.1 204 No Content\r\n\r\n";
        var channel = channel(List.of(HttpMethod.GET, HttpMethod.GET));
        Decoded d = new Decoded();
        channel.pipeline().addLast(d);
        for (int i = 0; i < wire.length(); i++) {
            channel.writeInbound(ascii(wire.substring(i, i + 1)));
        }
        assertThat(d.failure).isNull();
        assertThat(d.heads).extracting(r -> r.status().code()).containsExactly(200, 204);
        assertThat(d.heads.get(0).headers().get("x-long")).hasSize(20_000);
        assertThat(d.bodies).containsExactly("abc", "");
    }

    @Test
    void noBodyFollowsAHeadRequestA1xxA204OrA304() {
        Decoded d = decode(List.of(HttpMethod.HEAD, HttpMethod.GET, HttpMethod.GET, HttpMethod.GET),
                "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
                        + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"
                        + "HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(d.heads).extracting(r -> r.status().code()).containsExactly(200, 100, 204, 304, 200);
        assertThat(d.bodies).containsExactly("", "", "", "", "ok");
        assertThat(d.failure).isNull();
    }

    @Test
    void withoutLengthOrChunkingTheBodyEndsWithTheConnection() {
        var channel = channel(List.of(HttpMethod.GET));
        Decoded d = new Decoded();
        channel.writeInbound(ascii("HTTP/1.0 200 OK\r\nServer: old\r\n\r\npart one, "), ascii("part two"));
        channel.close();
        d.drain(channel);
        assertThat(d.heads.get(0).protocolVersion()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(d.bodies).containsExactly("part one, part two");
    }

    @Test
    void afterA101TheBytesThatFollowGoOnUntouched() {
        var channel = channel(List.of(HttpMethod.GET));
        channel.writeInbound(ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                + "\u0081\u0002hi"), ascii("more"));
        assertThat(((HttpResponse) channel.readInbound()).status().code()).isEqualTo(101);
        Object end = channel.readInbound();
        assertThat(end).isInstanceOf(LastHttpContent.class);
        assertThat(text(channel.readInbound())).isEqualTo("\u0081\u0002hi");
        assertThat(text(channel.readInbound())).isEqualTo("more");
    }

    @Test
    void theFramingIsSettledBeforeTheReceiverEditsTheHead() {
        var channel = channel(List.of(HttpMethod.GET));
        Decoded d = new Decoded();
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpResponse response) { // as the exchange does when a filter resizes the body
                    response.headers().remove("content-length").set("transfer-encoding", "chunked");
                }
                ctx.fireChannelRead(msg);
            }
        }, d);
        channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody"));
        assertThat(d.failure).isNull();
        assertThat(d.bodies).containsExactly("body");
    }

    @Test
    void bareLfLinesAndObsoleteFoldingAreRead() {
        Decoded d = decode(List.of(HttpMethod.GET), "HTTP/1.1 200 OK\nX-Folded: one\n  two\nContent-Length: 2\n\nok");
        assertThat(d.failure).isNull();
        assertThat(d.heads.get(0).headers().get("x-folded")).isEqualTo("one two");
        assertThat(d.bodies).containsExactly("ok");
    }

    @Test
    void malformedResponsesFailTheConnection() {
        List<String> broken = List.of(
                "HTTP/2.0 200 OK\r\n\r\n",
                "HTTP/1.1 20 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX-Ctl: a\u0001b\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX-Cr: a\rb\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello",
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n",
                "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(200) + "\r\n\r\n");
        for (String wire : broken) {
            var channel = new EmbeddedChannel(new Http1ClientCodec(128));
            Decoded d = new Decoded();
            channel.pipeline().addLast(d);
            channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
            channel.releaseOutbound();
            channel.writeInbound(ascii(wire));
            assertThat(d.failure).as(wire).isInstanceOf(DecoderException.class);
            assertThat(channel.isOpen()).as(wire).isFalse();
        }
    }

    @Test
    void requestsAreWrittenWithTheirHeadersAndBodyFraming() {
        var channel = new EmbeddedChannel(new Http1ClientCodec(65536));
        var get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a?b=c");
        get.headers().add("Host", "up").add("x-many", "1").add("x-many", "2");
        channel.writeOutbound(get);
        assertThat(drainOutbound(channel)).isEqualTo("GET /a?b=c HTTP/1.1\r\nHost: up\r\nx-many: 1\r\nx-many: 2\r\n\r\n");

        var post = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload");
        post.headers().add("transfer-encoding", "chunked");
        var last = new DefaultLastHttpContent(ascii("!"));
        last.trailingHeaders().add("x-checksum", "42");
        channel.writeOutbound(post, new DefaultHttpContent(ascii("0123456789abcdef0")), last);
        assertThat(drainOutbound(channel)).isEqualTo("POST /upload HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n"
                + "11\r\n0123456789abcdef0\r\n1\r\n!\r\n0\r\nx-checksum: 42\r\n\r\n");

        var put = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/fixed");
        put.headers().add("content-length", "4");
        channel.writeOutbound(put, new DefaultHttpContent(ascii("ab")), new DefaultLastHttpContent(ascii("cd")));
        assertThat(drainOutbound(channel)).isEqualTo("PUT /fixed HTTP/1.1\r\ncontent-length: 4\r\n\r\nabcd");
    }

    // ---------------------------------------------------------------- helpers

    /** What came out of the decoder, with bodies joined per response. */
    private static final class Decoded extends ChannelInboundHandlerAdapter {
        final List<HttpResponse> heads = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
        final List<List<String>> trailers = new ArrayList<>();
        Throwable failure;
        private StringBuilder body = new StringBuilder();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            accept(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure = cause;
        }

        void drain(EmbeddedChannel channel) {
            Object msg;
            while ((msg = channel.readInbound()) != null) {
                accept(msg);
            }
        }

        private void accept(Object msg) {
            if (msg instanceof HttpResponse response) {
                heads.add(response);
            }
            if (msg instanceof HttpContent content) {
                body.append(content.content().toString(StandardCharsets.ISO_8859_1));
                if (content instanceof LastHttpContent last) {
                    bodies.add(body.toString());
                    body = new StringBuilder();
                    List<String> fields = new ArrayList<>();
                    last.trailingHeaders().forEach(e -> fields.add(e.getKey() + ": " + e.getValue()));
                    trailers.add(fields);
                }
                content.release();
            }
        }
    }

    private static Decoded decode(List<HttpMethod> methods, String... parts) {
        var channel = channel(methods);
        Decoded d = new Decoded();
        channel.pipeline().addLast(d);
        for (String part : parts) {
            channel.writeInbound(ascii(part));
        }
        return d;
    }

    /** A codec that has written one request per method, so it knows which responses have no body. */
    private static EmbeddedChannel channel(List<HttpMethod> methods) {
        var channel = new EmbeddedChannel(new Http1ClientCodec(65536));
        for (HttpMethod method : methods) {
            channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/"));
        }
        channel.releaseOutbound();
        return channel;
    }

    private static String drainOutbound(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(text(buf));
        }
        return out.toString();
    }

    private static String text(ByteBuf buf) {
        String s = buf.toString(StandardCharsets.ISO_8859_1);
        buf.release();
        return s;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }
}
