package dev.gatehouse.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One downstream connection through the strict front, without sockets: raw bytes in, parsed replies out. */
final class EmbeddedHttp1Connection implements AutoCloseable {
    /** A response as the client would read it. */
    record Reply(int status, HttpHeaders headers, String body) {
    }

    final EmbeddedChannel channel = new EmbeddedChannel();
    final RecordingProxy proxy;
    final List<ProtocolViolation> violations = new ArrayList<>();
    private final ByteBuf written = Unpooled.buffer();

    private EmbeddedHttp1Connection(Http1Limits limits, boolean proxyAnswers) {
        StrictHttp1Pipeline.install(channel.pipeline(), limits, violations::add);
        proxy = new RecordingProxy(proxyAnswers);
        channel.pipeline().addLast("proxy", proxy);
    }

    /** The proxy answers 200 to every complete request. */
    static EmbeddedHttp1Connection answering() {
        return new EmbeddedHttp1Connection(Http1Limits.DEFAULTS, true);
    }

    /** The proxy records requests but answers only when the test says so. */
    static EmbeddedHttp1Connection silent() {
        return new EmbeddedHttp1Connection(Http1Limits.DEFAULTS, false);
    }

    /** Delivers {@code raw} (one char per byte) as a single read. */
    EmbeddedHttp1Connection send(String raw) {
        return sendBytes(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    EmbeddedHttp1Connection sendBytes(byte[] raw) {
        channel.writeInbound(Unpooled.wrappedBuffer(raw));
        channel.checkException();
        return this;
    }

    /** Delivers {@code raw} one byte per read, the worst split a client can make, until the connection closes. */
    EmbeddedHttp1Connection sendBytewise(String raw) {
        for (byte b : raw.getBytes(StandardCharsets.ISO_8859_1)) {
            if (!channel.isOpen()) {
                break;
            }
            sendBytes(new byte[] {b});
        }
        return this;
    }

    /** Every response written so far, in order. */
    List<Reply> replies() {
        drainOutbound();
        var client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
        client.writeInbound(written.retainedDuplicate());
        List<Reply> replies = new ArrayList<>();
        for (FullHttpResponse response; (response = client.readInbound()) != null; ) {
            replies.add(new Reply(response.status().code(), response.headers().copy(),
                    response.content().toString(StandardCharsets.UTF_8)));
            response.release();
        }
        client.finishAndReleaseAll();
        return replies;
    }

    /** Every byte written so far, one char per byte. */
    String written() {
        drainOutbound();
        return written.toString(StandardCharsets.ISO_8859_1);
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    private void drainOutbound() {
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            written.writeBytes(out);
            out.release();
        }
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        written.release();
    }
}
