package dev.gatehouse.engine.filters.ratelimit;

import dev.gatehouse.engine.filter.FilterContext;
import dev.gatehouse.engine.filter.FilterStatus;
import dev.gatehouse.engine.filter.HttpFilter;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * One request's pass through the limits: takes its tokens (pausing the request while Redis
 * answers), answers 429 when a bucket is empty, and puts the rate-limit headers on the response.
 */
final class RateLimitFilter implements HttpFilter {
    private final Limiter limiter;
    /** The allowed decision, for the response headers; null when none was made. */
    private Decision allowed;

    RateLimitFilter(Limiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
        List<Charge> charges = limiter.charges(ctx, headers);
        if (charges.isEmpty()) {
            ctx.annotate("limits", "none apply");
            return FilterStatus.CONTINUE;
        }
        CompletableFuture<Decision> pending;
        try {
            pending = limiter.backend().decide(charges).toCompletableFuture();
        } catch (RuntimeException e) { // a backend that throws instead of failing its stage
            pending = CompletableFuture.failedFuture(e);
        }
        if (pending.isDone()) {
            return conclude(ctx, pending);
        }
        CompletableFuture<Decision> decided = pending;
        decided.whenComplete((d, e) -> resumeOnLoop(ctx, decided));
        return FilterStatus.STOP;
    }

    /** Back on the request's event loop (the answer came on a Redis I/O thread). */
    private void resumeOnLoop(FilterContext ctx, CompletableFuture<Decision> decided) {
        try {
            ctx.eventLoop().execute(() -> {
                if (conclude(ctx, decided) == FilterStatus.CONTINUE) {
                    ctx.resume();
                }
            });
        } catch (RejectedExecutionException e) {
            // the engine is shutting down: the request went with its event loop
        }
    }

    private FilterStatus conclude(FilterContext ctx, CompletableFuture<Decision> done) {
        RateLimitBackend backend = limiter.backend();
        ctx.annotate("backend", backend.name());
        Decision decision;
        try {
            decision = done.join();
        } catch (RuntimeException e) {
            return failed(ctx, RedisBuckets.unwrap(e));
        }
        for (BucketOutcome o : decision.outcomes()) {
            ctx.annotate("limit", o.charge().limit());
            ctx.annotate("key", o.charge().key());
            ctx.annotate("remaining", Long.toString(o.remaining()));
            ctx.annotate("result", o.allowed() ? "allowed" : "limited");
        }
        if (decision.allowed()) {
            limiter.metrics().allowed.inc();
            allowed = decision;
            return FilterStatus.CONTINUE;
        }
        limiter.metrics().limited.inc();
        HttpHeaders extra = new DefaultHttpHeaders();
        RateLimitHeaders.apply(decision, extra);
        return ctx.replyError(429, "rate limit exceeded (limit '" + decision.tightest().charge().limit()
                + "'); retry after " + extra.get(RateLimitHeaders.RETRY_AFTER) + " s", extra, "RL");
    }

    /** The backend did not answer: the failure mode decides, and both are counted and traced. */
    private FilterStatus failed(FilterContext ctx, Throwable error) {
        RateLimitMetrics metrics = limiter.metrics();
        String reason;
        if (error instanceof TimeoutException || error instanceof RedisCommandTimeoutException) {
            reason = "timeout";
            metrics.timeouts.inc();
        } else if (error instanceof RedisConnectionException
                || String.valueOf(error.getMessage()).contains("not connected")
                || String.valueOf(error.getMessage()).contains("Connection closed")) {
            reason = "unavailable";
            metrics.unavailable.inc();
        } else {
            reason = "error";
            metrics.errors.inc();
        }
        ctx.annotate("error", reason + ": " + error);
        if (limiter.settings().failOpen()) {
            metrics.failedOpen.inc();
            ctx.annotate("result", "failed_open");
            return FilterStatus.CONTINUE;
        }
        metrics.failedClosed.inc();
        ctx.annotate("result", "failed_closed");
        return ctx.replyError(503, "rate limiting is unavailable", new DefaultHttpHeaders().set(RateLimitHeaders.RETRY_AFTER, "1"));
    }

    @Override
    public FilterStatus onResponseHeaders(FilterContext ctx, int status, HttpHeaders headers) {
        if (allowed != null && limiter.settings().responseHeaders()) {
            RateLimitHeaders.apply(allowed, headers);
            ctx.markModified();
        }
        return FilterStatus.CONTINUE;
    }
}
