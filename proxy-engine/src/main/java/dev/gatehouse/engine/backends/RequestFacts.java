package dev.gatehouse.engine.backends;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.net.InetSocketAddress;

/** What a backend can tell about a request beyond its message: the protocol and the peer. */
final class RequestFacts {
    private RequestFacts() {
    }

    /** "HTTP/2" for a request on an HTTP/2 stream (which Netty presents as HTTP/1.1), else its version. */
    static String protocol(ChannelHandlerContext ctx, HttpRequest request) {
        return ctx.channel() instanceof Http2StreamChannel ? "HTTP/2" : request.protocolVersion().text();
    }

    /** "ip:port" of the peer, "[ip]:port" for IPv6; an HTTP/2 stream reports its connection's peer. */
    static String remoteAddress(ChannelHandlerContext ctx) {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress peer)) {
            return String.valueOf(ctx.channel().remoteAddress());
        }
        String host = peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + peer.getPort();
    }
}
