package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a connection leaves (or keeps) its strict HTTP/1 handlers, without sockets. */
class CleartextHttp2Test {
    private static final List<String> HTTP1_HANDLERS = List.of(StrictHttp1Pipeline.HEAD_GUARD,
            StrictHttp1Pipeline.CODEC, StrictHttp1Pipeline.VALIDATOR, CleartextHttp2.UPGRADE, DownstreamConnection.NAME);
    private static final List<String> HTTP2_HANDLERS = List.of(Http2ServerPipeline.FRAME_CODEC, Http2ServerPipeline.MULTIPLEXER,
            Http2ServerPipeline.CONNECTION_END);

    /** Accepted by a server socket, as Netty's HTTP/2 multiplexer checks before it serves an upgrade. */
    private final EmbeddedChannel channel = new EmbeddedChannel(new LocalServerChannel(),
            DefaultChannelId.newInstance(), true, false);
    private final RecordingProxy http1Proxy = new RecordingProxy(true);
    private final List<RecordingProxy> streamProxies = new ArrayList<>();

    CleartextHttp2Test() {
        StrictHttp1Pipeline.install(channel.pipeline(), Http1Limits.DEFAULTS, violation -> { });
        channel.pipeline().addLast(DownstreamConnection.NAME, http1Proxy);
        CleartextHttp2.install(channel.pipeline(), Http2Limits.withHeaderListSize(8192), () -> {
            var proxy = new RecordingProxy(true);
            streamProxies.add(proxy);
            return proxy;
        });
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void connectionStartsWithBothWaysOpen() {
        assertThat(channel.pipeline().names()).containsSubsequence(CleartextHttp2.PREFACE_DETECTOR,
                StrictHttp1Pipeline.HEAD_GUARD, StrictHttp1Pipeline.CODEC, StrictHttp1Pipeline.VALIDATOR,
                CleartextHttp2.UPGRADE, DownstreamConnection.NAME);
    }

    @Test
    void prefaceReplacesEveryHttp1Handler() {
        channel.writeInbound(Http2CodecUtil.connectionPrefaceBuf());

        assertThat(channel.pipeline().names()).containsSubsequence(HTTP2_HANDLERS)
                .doesNotContainAnyElementsOf(HTTP1_HANDLERS).doesNotContain(CleartextHttp2.PREFACE_DETECTOR);
        assertThat(http1Proxy.requests).isEmpty();
        assertThat(outbound()).isNotEmpty(); // the server's SETTINGS
    }

    @Test
    void prefaceSplitOverReadsIsStillRecognised() {
        byte[] preface = ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf());
        for (byte b : preface) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        assertThat(channel.pipeline().names()).containsSubsequence(HTTP2_HANDLERS).doesNotContainAnyElementsOf(HTTP1_HANDLERS);
    }

    @Test
    void plainFirstRequestKeepsHttp1AndDropsBothWaysOut() {
        send("GET /plain HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(http1Proxy.requests).hasSize(1);
        assertThat(outbound()).startsWith("HTTP/1.1 200");
        assertThat(channel.pipeline().names()).doesNotContain(CleartextHttp2.PREFACE_DETECTOR, CleartextHttp2.UPGRADE)
                .containsSubsequence(StrictHttp1Pipeline.HEAD_GUARD, StrictHttp1Pipeline.CODEC,
                        StrictHttp1Pipeline.VALIDATOR, DownstreamConnection.NAME);
    }

    @Test
    void webSocketUpgradeIsLeftToTheProxy() {
        send("GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");

        assertThat(http1Proxy.requests).hasSize(1);
        assertThat(http1Proxy.requests.get(0).headers().get("upgrade")).isEqualTo("websocket");
        assertThat(channel.pipeline().names()).doesNotContain(CleartextHttp2.UPGRADE);
    }

    @Test
    void h2cUpgradeAnswers101AndServesTheRequestAsStreamOne() {
        send("POST /up HTTP/1.1\r\nHost: a.example\r\nContent-Length: 5\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\nhello");

        assertThat(outbound()).startsWith("HTTP/1.1 101 Switching Protocols");
        assertThat(channel.pipeline().names()).containsSubsequence(HTTP2_HANDLERS).doesNotContainAnyElementsOf(HTTP1_HANDLERS);
        assertThat(http1Proxy.requests).isEmpty();
        assertThat(streamProxies).hasSize(1);
        RecordingProxy stream1 = streamProxies.get(0);
        assertThat(stream1.requests).hasSize(1);
        assertThat(stream1.requests.get(0).uri()).isEqualTo("/up");
        assertThat(stream1.requests.get(0).headers().get("host")).isEqualTo("a.example");
        assertThat(stream1.requests.get(0).headers().contains("upgrade")).isFalse();
        assertThat(stream1.bodies.get(0).toString()).isEqualTo("hello");
    }

    @Test
    void upgradeWithoutSettingsStaysHttp1() {
        send("GET /no-settings HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");

        assertThat(outbound()).startsWith("HTTP/1.1 200");
        assertThat(http1Proxy.requests).hasSize(1);
        assertThat(channel.pipeline().names()).contains(StrictHttp1Pipeline.CODEC).doesNotContain(Http2ServerPipeline.FRAME_CODEC);
    }

    private void send(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        channel.checkException();
    }

    private String outbound() {
        var out = new StringBuilder();
        for (Object msg; (msg = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) msg;
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }
}
