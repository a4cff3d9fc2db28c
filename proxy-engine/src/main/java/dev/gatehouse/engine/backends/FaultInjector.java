package dev.gatehouse.engine.backends;

import dev.gatehouse.engine.config.BackendFaults;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sits in front of a backend's handler and injects the configured faults: a delay before each
 * request is served, and a share of requests answered with the failure status instead. Failures are
 * spread evenly over the backend's requests (request n fails when {@code floor(n * rate)} steps up),
 * so a rate of 0.1 fails exactly every tenth request, whichever connection it comes on.
 */
@Sharable
final class FaultInjector extends ChannelInboundHandlerAdapter {
    private final String backendName;
    private final BackendFaults faults;
    private final AtomicLong requests = new AtomicLong();

    FaultInjector(String backendName, BackendFaults faults) {
        this.backendName = backendName;
        this.faults = faults;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean fail = failsNext();
        Runnable serve = fail ? () -> fail(ctx, request) : () -> ctx.fireChannelRead(request);
        long delay = faults.latency().toNanos();
        long jitter = faults.latencyJitter().toNanos();
        if (jitter > 0) {
            delay += ThreadLocalRandom.current().nextLong(jitter + 1);
        }
        if (delay > 0) {
            ctx.executor().schedule(serve, delay, TimeUnit.NANOSECONDS);
        } else {
            serve.run();
        }
    }

    private boolean failsNext() {
        double rate = faults.failureRate();
        if (rate <= 0) {
            return false;
        }
        long n = requests.incrementAndGet();
        return (long) Math.floor(n * rate) > (long) Math.floor((n - 1) * rate);
    }

    private void fail(ChannelHandlerContext ctx, FullHttpRequest request) {
        try {
            var body = Replies.JSON.createObjectNode()
                    .put("error", "injected failure")
                    .put("backend", backendName)
                    .put("status", faults.failureStatus());
            ctx.writeAndFlush(Replies.json(request, HttpResponseStatus.valueOf(faults.failureStatus()), body));
        } finally {
            ReferenceCountUtil.release(request);
        }
    }
}
