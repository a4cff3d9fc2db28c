package dev.gatehouse.engine.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The last handler of a downstream HTTP/1.1 connection or HTTP/2 stream: turns each request into a
 * {@link ProxyExchange}, one at a time. Pipelined HTTP/1.1 requests wait in a short queue with
 * reads paused, so responses leave in request order.
 */
public final class DownstreamConnection extends ChannelDuplexHandler {
    /** Name of this handler in the pipeline. */
    public static final String NAME = "gatehouse-proxy";
    private static final int MAX_QUEUED_MESSAGES = 64;

    private final Supplier<ProxyContext> contexts;
    private final Duration requestHeadersTimeout;
    private final ArrayDeque<HttpObject> queued = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean http2;
    private ProxyExchange exchange;
    private boolean closeAfterResponse;
    private boolean paused;
    private ScheduledFuture<?> headersTimer;
    private String peerAddress;
    /** When this connection (or HTTP/2 stream) was set up; traces time requests against it. */
    private long acceptedAtNanos;
    private ProxyExchange deadlineExchange;
    private long deadline;
    private ScheduledFuture<?> deadlineTimer;
    private long deadlineTimerAt;
    /** When the connection started waiting for request headers; -1 while a request is in progress. */
    private long waitingSince = -1;

    /**
     * @param contexts             the listener's current snapshot; read once per request
     * @param requestHeadersTimeout how long a client may take to send a request's headers (slowloris);
     *                             zero disables
     */
    public DownstreamConnection(Supplier<ProxyContext> contexts, Duration requestHeadersTimeout) {
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.requestHeadersTimeout = Objects.requireNonNull(requestHeadersTimeout, "requestHeadersTimeout");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.acceptedAtNanos = System.nanoTime();
        this.http2 = ctx.channel() instanceof Http2StreamChannel;
        if (!http2) {
            armHeadersTimer();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // e.g. the connection switched to HTTP/2, where each stream has its own handler
        stopHeadersTimer();
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject http)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (exchange != null && !exchange.isFinished() && msg instanceof HttpRequest || !queued.isEmpty()) {
            queue(http);
            return;
        }
        dispatch(http);
    }

    private void dispatch(HttpObject msg) {
        if (msg instanceof HttpRequest request) {
            headersArrived();
            startExchange(request);
            if (msg instanceof FullHttpRequest full) {
                exchange.onRequestContent(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
            }
        } else if (msg instanceof HttpContent content) {
            if (exchange != null) {
                exchange.onRequestContent(content);
            } else {
                content.release(); // body of a request we already answered and forgot
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startExchange(HttpRequest request) {
        ProxyContext context = contexts.get();
        String requestId = RequestIds.keepOrCreate(request.headers().get("x-request-id"));
        boolean expectsBody = http2 ? !(request instanceof FullHttpRequest) && HttpUtil.getContentLength(request, -1L) != 0
                : HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        exchange = new ProxyExchange(this, ctx, context, request, requestId,
                clientAddress(request, context.trustedHops()), http2, expectsBody);
        exchange.start();
    }

    private void queue(HttpObject msg) {
        if (queued.size() >= MAX_QUEUED_MESSAGES) {
            ReferenceCountUtil.release(msg);
            closeAfterResponse = true;
            return;
        }
        queued.addLast(msg);
        pauseReading();
    }

    // ---------------------------------------------------------------- called by the exchange

    void exchangeDone(ProxyExchange done) {
        if (done != exchange) {
            return;
        }
        if (http2) {
            // The stream closes once both sides have ended it. If the client is still sending a body nobody
            // wants (a local reply, an early upstream answer), read it to its end, unpaused.
            resumeReading();
            return;
        }
        if (closeAfterResponse) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        armHeadersTimer();
        if (queued.isEmpty()) {
            resumeReading();
        } else {
            // Not inline: the finished exchange may still be on the stack.
            ctx.executor().execute(this::dispatchQueued);
        }
    }

    private void dispatchQueued() {
        while (!queued.isEmpty() && (exchange == null || exchange.isFinished()) && ctx.channel().isActive()) {
            dispatch(queued.pollFirst());
        }
        if (exchange != null) {
            exchange.flushUpstream();
        }
        if (queued.isEmpty()) {
            resumeReading();
        }
    }

    /**
     * Times out {@code watched} at {@code deadlineNanos} unless it finishes first. One timer per
     * connection serves every request on it: it is re-armed when it fires early instead of being
     * scheduled and cancelled per request.
     */
    void watchDeadline(ProxyExchange watched, long deadlineNanos) {
        deadlineExchange = watched;
        deadline = deadlineNanos;
        if (deadlineTimer == null || deadlineTimerAt - deadlineNanos > 0) {
            if (deadlineTimer != null) {
                deadlineTimer.cancel(false);
            }
            scheduleDeadlineCheck(deadlineNanos);
        }
    }

    private void scheduleDeadlineCheck(long at) {
        deadlineTimerAt = at;
        deadlineTimer = ctx.executor().schedule(this::checkDeadline, Math.max(0, at - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private void checkDeadline() {
        deadlineTimer = null;
        ProxyExchange watched = deadlineExchange;
        if (watched == null || watched.isFinished()) {
            deadlineExchange = null;
            return;
        }
        if (System.nanoTime() - deadline >= 0) {
            deadlineExchange = null;
            watched.routeTimedOut();
        } else {
            scheduleDeadlineCheck(deadline);
        }
    }

    /** Cuts the connection (HTTP/1.1) or resets the stream (HTTP/2): the response cannot be completed. */
    void abort(ProxyExchange aborted) {
        ctx.channel().close();
    }

    void closeAfterResponse() {
        closeAfterResponse = true;
    }

    boolean closingAfterResponse() {
        return closeAfterResponse;
    }

    void pauseReading() {
        if (!paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    void resumeReading() {
        if (paused && queued.isEmpty()) {
            paused = false;
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    long acceptedAtNanos() {
        return acceptedAtNanos;
    }

    /** The TCP peer's IP as text, computed once per connection. */
    String peerAddress() {
        if (peerAddress == null) {
            Channel ch = http2 ? ctx.channel().parent() : ctx.channel();
            peerAddress = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "unknown";
        }
        return peerAddress;
    }

    /** After a 101 answer: this connection becomes a byte tunnel to {@code upstream}. */
    void upgradeToTunnel(Channel upstream) {
        stopHeadersTimer();
        ctx.flush();
        ByteTunnel.join(ctx.channel(), upstream);
        resumeReading();
    }

    // ---------------------------------------------------------------- channel events

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.flushUpstream();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && exchange != null && !exchange.isFinished()) {
            exchange.onDownstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopHeadersTimer();
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
        if (exchange != null) {
            exchange.onDownstreamClosed();
        }
        queued.forEach(ReferenceCountUtil::release);
        queued.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ProtocolViolation) {
            // The strict validator refused a request whose head we already have; it answers and
            // closes, we only drop our side of the exchange.
            if (exchange != null) {
                exchange.onDownstreamClosed();
            }
            pauseReading();
            return;
        }
        if (evt instanceof IdleStateEvent && (exchange == null || exchange.isFinished())) {
            ctx.close();
            return;
        }
        if (evt == ListenerDraining.EVENT) {
            if ((exchange == null || exchange.isFinished()) && queued.isEmpty()) {
                ctx.close();
            } else {
                closeAfterResponse = true;
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // An I/O error on one connection concerns that connection only.
        ctx.close();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Starts the wait for the next request's headers. One timer per connection re-checks the wait
     * instead of a timer per request: scheduling and cancelling per request was measurable.
     */
    private void armHeadersTimer() {
        long nanos = requestHeadersTimeout.toNanos();
        if (nanos <= 0) {
            return;
        }
        waitingSince = System.nanoTime();
        if (headersTimer == null) {
            headersTimer = ctx.executor().schedule(this::checkHeadersWait, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void headersArrived() {
        waitingSince = -1;
    }

    private void stopHeadersTimer() {
        waitingSince = -1;
        if (headersTimer != null) {
            headersTimer.cancel(false);
            headersTimer = null;
        }
    }

    private void checkHeadersWait() {
        headersTimer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long timeout = requestHeadersTimeout.toNanos();
        long waited = waitingSince < 0 ? 0 : System.nanoTime() - waitingSince;
        if (waitingSince < 0 || waited < timeout) {
            long next = waitingSince < 0 ? timeout : timeout - waited;
            headersTimer = ctx.executor().schedule(this::checkHeadersWait, next, TimeUnit.NANOSECONDS);
            return;
        }
        headersTimedOut();
    }

    private void headersTimedOut() {
        ProxyContext context = contexts.get();
        context.listenerMetrics().protocolError("request_headers_timeout");
        context.listenerMetrics().localReply(ResponseFlag.REQUEST_HEADERS_TIMEOUT.code());
        ctx.writeAndFlush(LocalReply.json(ctx.alloc(), HttpResponseStatus.REQUEST_TIMEOUT,
                        "request headers not received in time", RequestIds.create(),
                        ResponseFlag.REQUEST_HEADERS_TIMEOUT))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * The client's address: the TCP peer, or with {@code trustedHops = n} the n-th address from the
     * right of X-Forwarded-For (each trusted proxy appended one).
     */
    private String clientAddress(HttpRequest request, int trustedHops) {
        String peer = peerAddress();
        if (trustedHops <= 0) {
            return peer;
        }
        String xff = request.headers().get("x-forwarded-for");
        if (xff == null) {
            return peer;
        }
        String[] hops = xff.split(",");
        int index = hops.length - trustedHops;
        return index >= 0 ? hops[index].trim() : hops[0].trim();
    }

}
