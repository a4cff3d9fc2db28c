package dev.gatehouse.engine.wasm;

import dev.gatehouse.engine.config.ClusterConfig;
import dev.gatehouse.engine.config.EndpointConfig;
import dev.gatehouse.engine.upstream.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code proxy_http_call}: a request to a configured cluster, made on the VM's own event loop with a
 * small Netty client (never blocking), answered through {@code proxy_on_http_call_response} on the
 * context that made it. Cleartext HTTP/1.1 to the cluster's first address endpoint; responses are
 * capped at {@link #MAX_RESPONSE_BYTES} and calls in flight at {@link #MAX_IN_FLIGHT} per VM.
 */
final class WasmHttpCalls {
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    static final int MAX_IN_FLIGHT = 100;

    record Status(int code, String message) {
    }

    private final ProxyWasmVm vm;
    private int nextId = 1;
    private int inFlight;
    /** The response being delivered, while proxy_on_http_call_response runs. */
    private FullHttpResponse current;
    private Status status;

    WasmHttpCalls(ProxyWasmVm vm) {
        this.vm = vm;
    }

    /** Starts a call; returns its id, or a negated ABI status when it cannot be made. */
    int dispatch(String clusterName, List<Map.Entry<String, String>> headers, byte[] body, int timeoutMillis) {
        ClusterConfig cluster = vm.plugin.gateway.clusters().stream().filter(c -> c.name().equals(clusterName))
                .findFirst().orElse(null);
        if (cluster == null) {
            return -Abi.BAD_ARGUMENT;
        }
        EndpointConfig endpoint = cluster.endpoints().stream().filter(e -> e.address() != null).findFirst().orElse(null);
        if (endpoint == null || cluster.tls() != null) {
            return -Abi.UNIMPLEMENTED; // demo-backend endpoints and TLS are not reachable from here
        }
        if (!(vm.eventLoop instanceof EventLoop loop)) {
            return -Abi.INTERNAL_FAILURE;
        }
        if (inFlight >= MAX_IN_FLIGHT) {
            return -Abi.INTERNAL_FAILURE;
        }
        String method = null;
        String path = null;
        String authority = null;
        List<Map.Entry<String, String>> regular = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            switch (header.getKey().toLowerCase(Locale.ROOT)) {
                case ":method" -> method = header.getValue();
                case ":path" -> path = header.getValue();
                case ":authority" -> authority = header.getValue();
                case ":scheme" -> { }
                default -> regular.add(header);
            }
        }
        if (method == null || path == null || authority == null) {
            return -Abi.BAD_ARGUMENT;
        }
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path,
                Unpooled.wrappedBuffer(body));
        regular.forEach(h -> request.headers().add(h.getKey(), h.getValue()));
        request.headers().set(HttpHeaderNames.HOST, authority).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, "close");
        int id = nextId++;
        int context = vm.effectiveContext();
        inFlight++;
        boolean[] answered = {false};
        var timer = loop.schedule(() -> deliver(id, context, null, "timeout", answered), Math.max(1, timeoutMillis),
                TimeUnit.MILLISECONDS);
        new Bootstrap().group(loop).channel(Transport.best().clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1, timeoutMillis))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                                        timer.cancel(false);
                                        deliver(id, context, response, "ok", answered);
                                        ctx.close();
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        timer.cancel(false);
                                        deliver(id, context, null, "failure", answered);
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        timer.cancel(false);
                                        deliver(id, context, null, "reset", answered);
                                    }
                                });
                    }
                })
                .connect(endpoint.address().host(), endpoint.address().port())
                .addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        f.channel().writeAndFlush(request);
                    } else {
                        request.release();
                        timer.cancel(false);
                        deliver(id, context, null, "connect_failure", answered);
                    }
                });
        return id;
    }

    /** Calls proxy_on_http_call_response once per call: no headers and no body when the call failed. */
    private void deliver(int id, int context, FullHttpResponse response, String outcome, boolean[] answered) {
        if (answered[0]) {
            return;
        }
        answered[0] = true;
        inFlight--;
        if (vm.broken()) {
            return;
        }
        current = response;
        status = response != null ? new Status(response.status().code(), response.status().reasonPhrase())
                : new Status(0, outcome);
        int headers = response == null ? 0 : response.headers().size() + 1;
        int bodySize = response == null ? 0 : response.content().readableBytes();
        int trailers = response == null ? 0 : response.trailingHeaders().size();
        WasmHttpFilter stream = vm.stream(context);
        try {
            vm.call("proxy_on_http_call_response", context, id, headers, bodySize, trailers);
        } catch (WasmFailure e) {
            if (stream != null) {
                stream.asyncFailure(e);
            } else {
                vm.plugin.metrics.failure(vm.plugin.name, e.reason());
                vm.plugin.discard(vm);
            }
        } finally {
            current = null;
            status = null;
        }
    }

    byte[] responseBody() {
        return current == null ? null : ByteBufUtil.getBytes(current.content());
    }

    List<Map.Entry<String, String>> responsePairs(boolean headers) {
        if (current == null) {
            return null;
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (headers) {
            pairs.add(Map.entry(":status", Integer.toString(current.status().code())));
        }
        (headers ? current.headers() : current.trailingHeaders()).forEach(h ->
                pairs.add(Map.entry(h.getKey().toLowerCase(Locale.ROOT), h.getValue())));
        return pairs;
    }

    Status status() {
        return status;
    }
}
