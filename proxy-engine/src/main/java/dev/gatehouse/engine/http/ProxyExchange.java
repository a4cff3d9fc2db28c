package dev.gatehouse.engine.http;

import dev.gatehouse.engine.config.ClusterConfig.HashPolicy;
import dev.gatehouse.engine.config.RetryPolicy;
import dev.gatehouse.engine.config.RetryPolicy.RetryOn;
import dev.gatehouse.engine.filter.BodyLimit;
import dev.gatehouse.engine.filter.ConfiguredFilter;
import dev.gatehouse.engine.filter.FilterStatus;
import dev.gatehouse.engine.http.RoutingDecision.Forward;
import dev.gatehouse.engine.observe.GatewayMetrics;
import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.upstream.Cluster;
import dev.gatehouse.engine.upstream.Endpoint;
import dev.gatehouse.engine.upstream.EndpointPool;
import dev.gatehouse.engine.upstream.UpstreamConnection;
import dev.gatehouse.engine.upstream.UpstreamListener;
import dev.gatehouse.engine.upstream.lb.HashKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One request's trip through the gateway: route it, pick an endpoint, stream the request up and the
 * response down with back-pressure, retry and time out as the route says, and answer with a local
 * reply when something fails. Lives on the downstream channel's event loop; its upstream
 * connections come from that same loop's pools, so nothing here needs a lock.
 */
final class ProxyExchange implements FilterRun.Owner {
    /** Request bodies up to this size are kept so a failed attempt can be retried. */
    static final int RETRY_BUFFER_BYTES = 64 * 1024;
    /** Above this many unsent bytes, the downstream stops reading until the upstream catches up. */
    private static final int PENDING_BODY_HIGH_WATER = 64 * 1024;

    private final DownstreamConnection connection;
    private final ChannelHandlerContext ctx;
    private final ProxyContext context;
    private final HttpRequest request;
    private final String requestId;
    private final String clientAddress;
    private final long startNanos;
    private final boolean http2;
    private final boolean expectsBody;
    /** Read before the hop-by-hop headers are stripped for the upstream. */
    private final boolean clientKeepAlive;
    private final Trace trace;
    /** The client sent {@code x-gatehouse-trace: 1} on a listener that allows it. */
    private final boolean wantsTraceSummary;
    static final String TRACE_HEADER = "x-gatehouse-trace";
    /** Response flags raised so far; most requests raise none, so the set is made on the first. */
    private EnumSet<ResponseFlag> flags;

    private RoutingDecision decision;
    /** A response head held back while a filter buffers the body. */
    private HttpResponse heldHead;
    /** True while the request body is gathered for a filter (bufferRequestBody). */
    private boolean collectingRequest;
    /** Set while a local reply passes the response filters, so none of them can start another. */
    private boolean filteringLocalReply;
    /** An upstream response head a response filter paused, and what of its body already arrived. */
    private HttpResponse pausedResponseHead;
    private List<HttpContent> pausedResponseContent = List.of(); // allocated only when a head is paused
    /** The response streams without a Content-Length, so a watching filter may change chunk sizes. */
    private boolean responseResizable;
    private FilterRun filters;
    /** The path the route was chosen by; a filter that changes it sends its own path upstream. */
    private String routedPath;
    /** The trailers of a watched body's last part, re-attached when the filters let it through. */
    private HttpHeaders requestTrailers;
    private HttpHeaders responseTrailers;
    private Forward forward;
    private Cluster cluster;
    private boolean webSocket;
    private boolean requestComplete;
    private boolean responseStarted;
    private boolean finished;
    private int responseStatus;
    private String routeName = "";

    /** Body parts received from downstream and not yet written to the current attempt. */
    private final List<HttpContent> pendingBody = new ArrayList<>();
    private int pendingBytes;
    /** All body parts so far, kept for retries while they fit in {@link #RETRY_BUFFER_BYTES}. */
    private List<HttpContent> retryBody = new ArrayList<>();
    private int retryBytes;

    private Attempt attempt;
    private int attemptsStarted;
    private boolean holdingRetrySlot;
    /** Whether this request holds a slot of its cluster's {@code max_requests} breaker. */
    private boolean holdingRequestSlot;
    private boolean routeTimerArmed;

    ProxyExchange(DownstreamConnection connection, ChannelHandlerContext ctx, ProxyContext context,
                  HttpRequest request, String requestId, String clientAddress, boolean http2, boolean expectsBody) {
        this.connection = connection;
        this.ctx = ctx;
        this.context = context;
        this.request = request;
        this.requestId = requestId;
        this.clientAddress = clientAddress;
        this.http2 = http2;
        this.expectsBody = expectsBody;
        this.clientKeepAlive = http2 || HopByHopHeaders.isKeepAlive(request);
        this.wantsTraceSummary = context.traceHeaderAllowed() && "1".equals(request.headers().get(TRACE_HEADER));
        this.trace = newTrace(context, request, requestId, clientAddress, http2);
        this.startNanos = trace.startNanos();
        trace.connectionAccepted(connection.acceptedAtNanos());
    }

    private static Trace newTrace(ProxyContext context, HttpRequest request, String requestId, String clientAddress,
                                  boolean http2) {
        Trace trace = new Trace(requestId, context.listenerName(), http2 ? "HTTP/2" : request.protocolVersion().text(),
                request.method().name(), request.headers().get(HttpHeaderNames.HOST), request.uri(), clientAddress);
        trace.captureLimits(context.capture().headers(), context.capture().bodyBytes());
        trace.captureRequestHeaders(request.headers());
        return trace;
    }

    boolean isFinished() {
        return finished;
    }

    // ---------------------------------------------------------------- downstream events

    void start() {
        context.listenerMetrics().requestsActive.inc();
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? null : uri.substring(q + 1);
        routedPath = path;
        decision = context.route(request, path, query, trace);
        trace.mark(Trace.Mark.ROUTE_CHOSEN);
        if (decision instanceof Forward f) {
            routeName = f.route();
            trace.cluster(f.cluster());
        } else if (decision instanceof RoutingDecision.Respond respond) {
            routeName = respond.route();
        } else if (decision instanceof RoutingDecision.Redirect redirect) {
            routeName = redirect.route();
        }
        trace.route(routeName);
        List<ConfiguredFilter> chain = context.filters(routeName);
        if (!chain.isEmpty()) {
            filters = new FilterRun(this, chain);
            if (filters.runRequestHeaders() != FilterStatus.CONTINUE) {
                return; // paused (resumes through requestFiltersDone) or answered by a filter
            }
        }
        actOrCollect();
    }

    /** Acts on the route, unless a filter wants the whole request body first. */
    private void actOrCollect() {
        if (filters != null && expectsBody && filters.buffersRequestBody()) {
            collectingRequest = true;
            List<HttpContent> early = new ArrayList<>(pendingBody);
            pendingBody.clear();
            pendingBytes = 0;
            for (HttpContent part : early) {
                if (collectingRequest && !finished) {
                    collect(part, part instanceof LastHttpContent);
                } else {
                    pendingBody.add(part);
                }
            }
            return;
        }
        act();
    }

    /** Gathers the request body for a filter that asked to see it whole, then acts on the route. */
    private void collect(HttpContent content, boolean last) {
        HttpHeaders trailers = last ? ((LastHttpContent) content).trailingHeaders() : null;
        if (!filters.bufferRequest(content.content())) {
            collectingRequest = false;
            ByteBuf held = filters.takeBufferedRequest();
            if (filters.requestOverLimit() == BodyLimit.REJECT) {
                held.release();
                localReply(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "request body is larger than a filter's buffer limit", null);
                return;
            }
            // Pass through unseen: what was held goes first, the rest streams as usual.
            trace.filterSpan(new Trace.FilterSpan("-", "request_body", "pass_through", 0, List.of()));
            pendingBody.add(last ? new DefaultLastHttpContent(held, trailers) : new DefaultHttpContent(held));
            pendingBytes += held.readableBytes();
            act();
            return;
        }
        if (!last) {
            return;
        }
        collectingRequest = false;
        filters.runRequestBody(filters.takeBufferedRequest(), body -> {
            if (finished) {
                body.release();
                return;
            }
            HttpUtil.setTransferEncodingChunked(request, false);
            HttpUtil.setContentLength(request, body.readableBytes());
            LastHttpContent whole = new DefaultLastHttpContent(body);
            whole.trailingHeaders().set(trailers);
            pendingBody.add(whole);
            pendingBytes += body.readableBytes();
            act();
        }); // a filter that answers instead hands nothing on
    }

    /** Does what the route says, once the request filters have let the request through. */
    private void act() {
        if (decision instanceof Forward f) {
            if (filters == null) {
                forward(f);
            } else {
                String uri = request.uri();
                int q = uri.indexOf('?');
                boolean pathRewritten = !(q < 0 ? uri : uri.substring(0, q)).equals(routedPath);
                forward(pathRewritten ? f.withUri(uri) : f.withQueryOf(uri));
            }
        } else if (decision instanceof RoutingDecision.Respond respond) {
            respondDirectly(respond);
        } else if (decision instanceof RoutingDecision.Redirect redirect) {
            redirect(redirect);
        } else {
            String uri = request.uri();
            int q = uri.indexOf('?');
            localReply(HttpResponseStatus.NOT_FOUND, "no route matched " + request.method() + " "
                    + (q < 0 ? uri : uri.substring(0, q)), ResponseFlag.NO_ROUTE);
        }
    }

    // ---------------------------------------------------------------- FilterRun.Owner

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String clientAddress() {
        return clientAddress;
    }

    @Override
    public dev.gatehouse.engine.filter.ConnectionInfo connectionInfo() {
        return ConnectionFacts.of(ctx.channel());
    }

    @Override
    public String route() {
        return routeName;
    }

    @Override
    public Trace trace() {
        return trace;
    }

    @Override
    public EventExecutor eventLoop() {
        return ctx.executor();
    }

    @Override
    public void responseFiltersDone() {
        HttpResponse head = pausedResponseHead;
        pausedResponseHead = null;
        if (finished || head == null || attempt == null || attempt.done) {
            return;
        }
        sendResponseHead(head);
        List<HttpContent> held = pausedResponseContent;
        pausedResponseContent = List.of();
        for (HttpContent part : held) {
            attempt.upstreamRead(part); // in the order it arrived, now that the head is out
        }
        if (!attempt.done) {
            attempt.connection.channel().config().setAutoRead(true);
            ctx.flush();
        }
    }

    @Override
    public void bodyFiltered(boolean requestBody, ByteBuf content, boolean endOfStream) {
        HttpContent part = endOfStream ? new DefaultLastHttpContent(content) : new DefaultHttpContent(content);
        HttpHeaders trailers = requestBody ? requestTrailers : responseTrailers;
        if (endOfStream && trailers != null) {
            ((LastHttpContent) part).trailingHeaders().set(trailers);
        }
        if (finished) {
            part.release();
        } else if (requestBody) {
            sendRequestContent(part, endOfStream);
        } else if (attempt != null && !attempt.done) {
            attempt.sendResponseContent(part, endOfStream);
        } else {
            part.release();
        }
    }

    @Override
    public void bodyStreamPaused(boolean requestBody, boolean paused) {
        if (finished) {
            return;
        }
        if (requestBody) {
            if (paused) {
                connection.pauseReading();
            } else {
                flushUpstream();
                connection.resumeReading();
            }
            return;
        }
        Attempt a = attempt;
        if (a != null && a.connection != null && !a.done) {
            a.connection.channel().config().setAutoRead(!paused && ctx.channel().isWritable());
        }
        if (!paused) {
            ctx.flush();
        }
    }

    @Override
    public void bodyOverflow(boolean requestBody) {
        if (finished) {
            return;
        }
        if (attempt != null) {
            attempt.abandon();
        }
        if (requestBody) {
            fail(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body is larger than a filter's buffer limit",
                    ResponseFlag.FILTER_ERROR);
        } else {
            fail(HttpResponseStatus.BAD_GATEWAY, "upstream response is larger than a filter's buffer limit",
                    ResponseFlag.FILTER_ERROR);
        }
    }

    @Override
    public void filterFailed(String filter) {
        context.listenerMetrics().filterError(filter);
    }

    @Override
    public void requestFiltersDone() {
        if (!finished) {
            actOrCollect();
        }
    }

    @Override
    public void filterReplied(int status, String body, HttpHeaders headers, boolean json, boolean failure,
                              ResponseFlag flag) {
        if (finished || filteringLocalReply) {
            return;
        }
        heldHead = null; // a held upstream response is replaced by the filter's answer
        if (responseStarted) {
            raise(ResponseFlag.FILTER_ERROR);
            resetDownstream(); // too late for another status line
            return;
        }
        if (failure) {
            localReply(HttpResponseStatus.INTERNAL_SERVER_ERROR, body, ResponseFlag.FILTER_ERROR);
            return;
        }
        if (flag != null) {
            raise(flag);
        }
        FullHttpResponse response;
        if (json) {
            response = LocalReply.json(ctx.alloc(), HttpResponseStatus.valueOf(status), body, requestId, null);
        } else {
            var content = Unpooled.copiedBuffer(body == null ? "" : body, StandardCharsets.UTF_8);
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
            if (content.isReadable()) {
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            }
            if (status != 204 && status != 304) { // these never carry a body, nor its length
                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
            }
        }
        // Replaces only the names the filter gives, keeping all their values (set(HttpHeaders) would drop the defaults).
        for (String name : headers.names()) {
            response.headers().set(name, headers.getAll(name));
        }
        sendLocal(response);
    }

    /** A body part from downstream; this exchange owns it. */
    void onRequestContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestComplete = true;
        }
        int bytes = content.content().readableBytes();
        if (bytes > 0) {
            context.listenerMetrics().bodyBytesReceived.inc(bytes);
            trace.requestBody(bytes);
            trace.captureRequestBody(content.content());
        }
        if (collectingRequest && !finished) {
            collect(content, last);
            return;
        }
        if (!finished && forward == null && expectsBody && filters != null && filters.isPaused()) {
            // A filter is still deciding: hold the body (bounded by pausing reads) until it does.
            pendingBody.add(content);
            pendingBytes += bytes;
            if (pendingBytes > PENDING_BODY_HIGH_WATER) {
                connection.pauseReading();
            }
            return;
        }
        if (finished || forward == null || !expectsBody) {
            // Answered locally, or the end marker of a body-less request (sent upstream as a full request).
            content.release();
            if (last && forward != null && !finished) {
                armRouteTimer();
            }
            return;
        }
        afterRequestFilters(content, last);
    }

    /** A request body part on its way upstream: past the watching filters first, if any. */
    private void afterRequestFilters(HttpContent content, boolean last) {
        if (filters != null && filters.watchesRequestBody()) {
            if (last) {
                requestTrailers = ((LastHttpContent) content).trailingHeaders();
            }
            filters.offerRequestChunk(content.content(), last,
                    !request.headers().contains(HttpHeaderNames.CONTENT_LENGTH));
            if (last && forward != null) {
                armRouteTimer(); // the route timeout also bounds a filter that holds the body
            }
            return; // what they let through comes back through bodyFiltered
        }
        sendRequestContent(content, last);
    }

    /** Sends a request body part to the current attempt, or keeps it until one is connected. */
    private void sendRequestContent(HttpContent content, boolean last) {
        int bytes = content.content().readableBytes();
        if (last && filters != null && !((LastHttpContent) content).trailingHeaders().isEmpty()) {
            filters.runRequestTrailers(((LastHttpContent) content).trailingHeaders());
        }
        keepForRetry(content);
        Attempt a = attempt;
        if (a != null && a.requestSent && !a.done) {
            a.writeBody(content, last);
        } else {
            pendingBody.add(content);
            pendingBytes += bytes;
            if (pendingBytes > PENDING_BODY_HIGH_WATER) {
                connection.pauseReading();
            }
        }
        if (last) {
            armRouteTimer();
        }
    }

    /** The downstream read batch ended: push what it carried to the upstream in one flush. */
    void flushUpstream() {
        Attempt a = attempt;
        if (a != null && a.unflushed && !a.done) {
            a.unflushed = false;
            a.connection.channel().flush();
        }
    }

    /** The downstream connection closed or reset before we finished. */
    void onDownstreamClosed() {
        if (finished) {
            return;
        }
        raise(ResponseFlag.DOWNSTREAM_CONNECTION_TERMINATION);
        if (attempt != null) {
            attempt.abandon();
        }
        complete(0);
    }

    /** The downstream became writable again: let the upstream send more. */
    void onDownstreamWritable() {
        Attempt a = attempt;
        if (a != null && a.connection != null && !a.done && (filters == null || !filters.responseStreamPaused())) {
            a.connection.channel().config().setAutoRead(true);
        }
    }

    // ---------------------------------------------------------------- routing outcomes

    private void respondDirectly(RoutingDecision.Respond respond) {
        var body = Unpooled.copiedBuffer(respond.body(), StandardCharsets.UTF_8);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(respond.status()), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, respond.contentType() != null ? respond.contentType() : "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        raise(ResponseFlag.DIRECT_RESPONSE);
        sendLocal(response);
    }

    private void redirect(RoutingDecision.Redirect redirect) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(redirect.status()),
                Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.LOCATION, redirect.location()).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        raise(ResponseFlag.DIRECT_RESPONSE);
        sendLocal(response);
    }

    private void forward(Forward f) {
        this.forward = f;
        this.cluster = context.cluster(f.cluster());
        if (cluster == null) {
            // Validation makes this impossible for loaded configs; guard anyway.
            localReply(HttpResponseStatus.SERVICE_UNAVAILABLE, "cluster '" + f.cluster() + "' does not exist",
                    ResponseFlag.NO_HEALTHY_UPSTREAM);
            return;
        }
        if (!cluster.tryStartRequest()) {
            localReply(HttpResponseStatus.SERVICE_UNAVAILABLE, "circuit breaker max_requests is open for cluster '"
                    + cluster.name() + "'", ResponseFlag.UPSTREAM_OVERFLOW);
            return;
        }
        holdingRequestSlot = true;
        webSocket = !http2 && HopByHopHeaders.isWebSocketUpgrade(request.headers());
        if (!http2 && HttpUtil.is100ContinueExpected(request)) {
            // We answer the expectation ourselves (as Envoy does) once the request is routable.
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        prepareUpstreamHeaders();
        // Parts that arrived while the filters ran go past the watching filters too, and are kept for retries.
        List<HttpContent> early = new ArrayList<>(pendingBody);
        pendingBody.clear();
        pendingBytes = 0;
        for (HttpContent part : early) {
            if (finished) {
                part.release();
            } else {
                afterRequestFilters(part, part instanceof LastHttpContent);
            }
        }
        if (finished) {
            return; // a watching filter answered
        }
        if (requestComplete) {
            armRouteTimer();
        }
        startAttempt();
    }

    // ---------------------------------------------------------------- attempts

    private void startAttempt() {
        attemptsStarted++;
        Endpoint endpoint = cluster.choose(hashKey());
        if (endpoint == null) {
            fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy endpoint in cluster '" + cluster.name() + "'",
                    ResponseFlag.NO_HEALTHY_UPSTREAM);
            return;
        }
        attempt = new Attempt(endpoint);
        attempt.begin();
    }

    /**
     * Starts another attempt after a backoff if the retry policy covers this failure, attempts
     * remain, the body was small enough to keep, and the cluster's retry budget has room.
     */
    private boolean retryScheduled(RetryOn reason, HttpResponseStatus status) {
        if (holdingRetrySlot) {
            cluster.retryFinished();
            holdingRetrySlot = false;
        }
        RetryPolicy policy = forward.config().retry();
        if (policy == null || attemptsStarted > policy.numRetries() || !retryable(policy, reason, status)) {
            return false;
        }
        if (retryBody == null) {
            cluster.metrics().retryRefused("body_too_large");
            return false;
        }
        if (!cluster.tryStartRetry(policy.budget())) {
            // Retry overflow: the failure is answered as it is, the refusal counted.
            cluster.metrics().retryRefused(policy.budget() != null ? "budget" : "circuit_breaker");
            return false;
        }
        holdingRetrySlot = true;
        cluster.metrics().retriesStarted.inc();
        scheduleRetry(policy);
        return true;
    }

    /** No (more) retries: answer with the failure, marking exhausted retries. */
    private void attemptsExhausted(HttpResponseStatus status, String error, ResponseFlag flag) {
        if (attemptsStarted > 1) {
            raise(ResponseFlag.UPSTREAM_RETRY_LIMIT_EXCEEDED);
        }
        fail(status, error, flag);
    }

    private static boolean retryable(RetryPolicy policy, RetryOn reason, HttpResponseStatus status) {
        var on = policy.retryOn();
        if (on.contains(reason)) {
            return true;
        }
        return switch (reason) {
            case CONNECT_FAILURE, RESET -> on.contains(RetryOn.FIVE_XX) || on.contains(RetryOn.GATEWAY_ERROR);
            case FIVE_XX -> on.contains(RetryOn.GATEWAY_ERROR) && isGatewayError(status);
            case GATEWAY_ERROR -> on.contains(RetryOn.FIVE_XX);
        };
    }

    private static boolean isGatewayError(HttpResponseStatus status) {
        int c = status.code();
        return c == 502 || c == 503 || c == 504;
    }

    private void scheduleRetry(RetryPolicy policy) {
        long delay = policy.backoffNanos(attemptsStarted, ThreadLocalRandom.current());
        ctx.executor().schedule(() -> {
            if (!finished) {
                startAttempt();
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    private long hashKey() {
        if (!cluster.usesHash()) {
            return 0;
        }
        HashPolicy policy = cluster.config().hashOn();
        String key = null;
        if (policy != null) {
            if (policy.header() != null) {
                key = request.headers().get(policy.header());
            } else if (policy.cookie() != null) {
                String cookies = request.headers().get(HttpHeaderNames.COOKIE);
                if (cookies != null) {
                    for (var cookie : ServerCookieDecoder.LAX.decode(cookies)) {
                        if (cookie.name().equals(policy.cookie())) {
                            key = cookie.value();
                            break;
                        }
                    }
                }
            } else if (policy.sourceIp()) {
                key = clientAddress;
            }
        }
        return key != null ? HashKeys.hash(key) : ThreadLocalRandom.current().nextLong();
    }

    private void keepForRetry(HttpContent content) {
        if (retryBody == null || forward.config().retry() == null) {
            return;
        }
        retryBytes += content.content().readableBytes();
        if (retryBytes > RETRY_BUFFER_BYTES) {
            releaseRetryBody();
            retryBody = null; // too big to replay: this request will not be retried
        } else {
            retryBody.add(content.retainedDuplicate());
        }
    }

    private void releaseRetryBody() {
        if (retryBody != null) {
            retryBody.forEach(ReferenceCountUtil::release);
            retryBody.clear();
        }
    }

    private void armRouteTimer() {
        long timeout = forward.config().timeout().toNanos();
        if (timeout > 0 && !routeTimerArmed && !finished) {
            routeTimerArmed = true;
            connection.watchDeadline(this, System.nanoTime() + timeout);
        }
    }

    /** Called by the connection's deadline timer once the route timeout has passed. */
    void routeTimedOut() {
        if (finished) {
            return;
        }
        raise(ResponseFlag.UPSTREAM_TIMEOUT);
        if (attempt != null) {
            attempt.abandon();
        }
        if (responseStarted) {
            resetDownstream();
        } else {
            fail(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout", ResponseFlag.UPSTREAM_TIMEOUT);
        }
    }

    // ---------------------------------------------------------------- building the upstream request

    /** The request to send on each attempt; its headers are prepared once, by {@link #prepareUpstreamHeaders}. */
    private HttpRequest upstreamRequest() {
        if (!expectsBody) {
            // Complete in one message: no separate end-of-body write and flush upstream.
            return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), forward.upstreamUri(),
                    Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
        }
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), forward.upstreamUri(), request.headers());
    }

    /**
     * Turns the client's headers into the upstream's, in place (the exchange owns the request):
     * hop-by-hop headers out, forwarding headers in, the route's edits applied.
     */
    private void prepareUpstreamHeaders() {
        HttpHeaders headers = request.headers();
        HopByHopHeaders.strip(headers, webSocket, http2);
        headers.remove(TRACE_HEADER); // a question for the gateway, not for the upstream
        headers.remove(HttpHeaderNames.EXPECT);
        // X-Forwarded-Host and -Proto are the client's word only when a trusted proxy is in front.
        boolean trustsForwarding = context.trustedHops() > 0;
        if (!trustsForwarding || !headers.contains("x-forwarded-host")) {
            String host = headers.get(HttpHeaderNames.HOST);
            if (host != null) {
                headers.set("x-forwarded-host", host);
            } else {
                headers.remove("x-forwarded-host");
            }
        }
        if (forward.hostRewrite() != null) {
            headers.set(HttpHeaderNames.HOST, forward.hostRewrite());
        }
        if (!trustsForwarding || !headers.contains("x-forwarded-proto")) {
            headers.set("x-forwarded-proto", context.scheme());
        }
        String xff = headers.get("x-forwarded-for");
        headers.set("x-forwarded-for", xff == null || context.trustedHops() == 0 && xff.isBlank()
                ? connection.peerAddress() : xff + ", " + connection.peerAddress());
        headers.set("x-request-id", requestId);
        headers.add(HttpHeaderNames.VIA, (http2 ? "2" : request.protocolVersion().minorVersion() == 0 ? "1.0" : "1.1")
                + " gatehouse");
        forward.requestEdit().apply(headers);
        if (expectsBody && filters != null && filters.resizesRequestBody()) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH); // a watcher may change the length: sent chunked
        }
        if (expectsBody && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
    }

    // ---------------------------------------------------------------- responses

    /**
     * Passes the upstream's response head on to the client. Returns false when a response filter
     * answered instead (the upstream response must then be dropped).
     */
    private boolean sendUpstreamResponse(HttpResponse upstream) {
        HttpHeaders headers = upstream.headers();
        boolean switching = upstream.status().code() == 101;
        HopByHopHeaders.strip(headers, switching,
                cluster.config().protocol() == dev.gatehouse.engine.config.ClusterConfig.UpstreamProtocol.HTTP2);
        headers.add(HttpHeaderNames.VIA, "1.1 gatehouse");
        headers.set("x-request-id", requestId);
        forward.responseEdit().apply(headers);
        if (filters != null) {
            FilterStatus decided = filters.runResponseHeaders(upstream.status().code(), headers);
            if (decided == FilterStatus.REPLIED) {
                return false;
            }
            if (decided == FilterStatus.STOP) {
                // A filter is thinking: hold the head, and stop reading the upstream until it decides.
                pausedResponseHead = upstream;
                attempt.connection.channel().config().setAutoRead(false);
                return true;
            }
        }
        return sendResponseHead(upstream);
    }

    /** The rest of passing an upstream response head on, once every response filter let it through. */
    private boolean sendResponseHead(HttpResponse upstream) {
        HttpHeaders headers = upstream.headers();
        boolean switching = upstream.status().code() == 101;
        HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, upstream.status(), headers);
        if (filters != null && filters.resizesResponseBody() && bodyAllowed(upstream.status())) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH); // a watcher may change the length: we frame it
        }
        if (!switching && !headers.contains(HttpHeaderNames.CONTENT_LENGTH) && bodyAllowed(upstream.status())) {
            if (http2 || request.protocolVersion().minorVersion() >= 1) {
                HttpUtil.setTransferEncodingChunked(out, true);
            } else {
                connection.closeAfterResponse(); // HTTP/1.0 client: the end of the body is the close
            }
        }
        decorateConnection(out);
        responseStatus = out.status().code();
        trace.captureResponseHeaders(out.headers());
        if (wantsTraceSummary) {
            trace.mark(Trace.Mark.UPSTREAM_FIRST_BYTE);
            out.headers().set(TRACE_HEADER, trace.summary());
        }
        if (filters != null && filters.buffersResponseBody() && bodyAllowed(upstream.status())) {
            heldHead = out; // sent with the whole body, once the filters have seen it
            return true;
        }
        responseStarted = true;
        responseResizable = !out.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
        ctx.write(out, ctx.voidPromise());
        return true;
    }

    /** Sends a held response head with the body the filters settled on (Content-Length fixed). */
    private void sendHeldResponse(ByteBuf body, HttpHeaders trailers) {
        HttpResponse head = heldHead;
        heldHead = null;
        HttpUtil.setTransferEncodingChunked(head, false);
        HttpUtil.setContentLength(head, body.readableBytes());
        responseStarted = true;
        ctx.write(head, ctx.voidPromise());
        LastHttpContent last = new DefaultLastHttpContent(body);
        if (trailers != null) {
            last.trailingHeaders().set(trailers);
        }
        ctx.writeAndFlush(last, ctx.voidPromise());
    }

    private boolean bodyAllowed(HttpResponseStatus status) {
        int c = status.code();
        return !(request.method().equals(HttpMethod.HEAD) || c == 204 || c == 304 || c < 200);
    }

    private void decorateConnection(HttpResponse response) {
        if (http2) {
            return;
        }
        if (context.isDraining() || !clientKeepAlive || connection.closingAfterResponse()) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            connection.closeAfterResponse();
        } else if (request.protocolVersion().minorVersion() == 0) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void localReply(HttpResponseStatus status, String error, ResponseFlag flag) {
        if (flag != null) {
            raise(flag);
        }
        sendLocal(LocalReply.json(ctx.alloc(), status, error, requestId, null));
    }

    private void fail(HttpResponseStatus status, String error, ResponseFlag flag) {
        if (responseStarted) {
            raise(flag);
            resetDownstream();
            return;
        }
        localReply(status, error, flag);
    }

    private void sendLocal(FullHttpResponse response) {
        response.headers().set("x-request-id", requestId);
        if (filters != null && !filteringLocalReply) {
            // Replies the gateway makes pass the response filters too (as in Envoy), so e.g. CORS
            // headers reach a browser on a 401. A filter cannot replace a reply with another one.
            filteringLocalReply = true;
            filters.runResponseHeadersOfLocalReply(response.status().code(), response.headers());
        }
        if (flags != null && !flags.equals(EnumSet.of(ResponseFlag.DIRECT_RESPONSE))) {
            response.headers().set(ResponseFlag.HEADER, flagCodes());
            for (ResponseFlag f : flags) {
                context.listenerMetrics().localReply(f.code());
            }
        }
        trace.captureResponseHeaders(response.headers());
        trace.captureResponseBody(response.content());
        if (expectsBody && !requestComplete && !http2) {
            // The rest of the request body would be read as the next request: close instead.
            connection.closeAfterResponse();
        }
        decorateConnection(response);
        responseStarted = true;
        responseStatus = response.status().code();
        if (wantsTraceSummary) {
            response.headers().set(TRACE_HEADER, trace.summary());
        }
        ctx.writeAndFlush(response);
        finishResponse(responseStatus, false);
    }

    private void finishResponse(int status, boolean flush) {
        if (flush) {
            ctx.flush();
        }
        complete(status);
        connection.exchangeDone(this);
    }

    private void resetDownstream() {
        // Headers are out: the only honest signal left is to cut the stream.
        complete(responseStatus);
        connection.abort(this);
    }

    private void complete(int status) {
        if (finished) {
            return;
        }
        finished = true;
        pendingBody.forEach(ReferenceCountUtil::release);
        pendingBody.clear();
        pausedResponseContent.forEach(ReferenceCountUtil::release);
        pausedResponseContent = List.of();
        pausedResponseHead = null;
        releaseRetryBody();
        if (holdingRetrySlot) {
            cluster.retryFinished();
            holdingRetrySlot = false;
        }
        if (holdingRequestSlot) {
            cluster.requestFinished();
            holdingRequestSlot = false;
        }
        context.listenerMetrics().requestsActive.dec();
        if (filters != null) {
            filters.runLog();
        }
        long now = System.nanoTime();
        trace.finish(status, flagCodes(), now);
        context.tap().publish(trace);
        context.routeMetrics(routeName.isEmpty() ? "-" : routeName)
                .completed(cluster != null ? cluster.name() : "-", status, now - startNanos);
    }

    private void raise(ResponseFlag flag) {
        if (flags == null) {
            flags = EnumSet.of(flag);
        } else {
            flags.add(flag);
        }
    }

    String flagCodes() {
        if (flags == null) {
            return "";
        }
        StringJoiner joiner = new StringJoiner(",");
        for (ResponseFlag f : flags) {
            joiner.add(f.code());
        }
        return joiner.toString();
    }

    // ---------------------------------------------------------------- one upstream attempt

    /**
     * One try against one endpoint. Callbacks from a superseded attempt are ignored, so a late read
     * from a connection we gave up on can never leak into the response.
     */
    private final class Attempt implements EndpointPool.LeaseCallback, UpstreamListener {
        private final Endpoint endpoint;
        private final EndpointPool pool;
        private UpstreamConnection connection;
        private boolean requestSent;
        private boolean requestFullySent;
        private boolean keepAlive = true;
        private boolean unflushed;
        /** False until a non-1xx response head arrives; content before it belongs to a 1xx. */
        private boolean finalHeadSeen;
        private boolean done;
        private long sentNanos;
        private ScheduledFuture<?> perTryTimer;

        Attempt(Endpoint endpoint) {
            this.endpoint = endpoint;
            this.pool = cluster.pool(ctx.channel().eventLoop(), endpoint);
        }

        void begin() {
            endpoint.requestStarted();
            trace.attempt(endpoint.authority());
            Duration perTry = forward.config().retry() != null ? forward.config().retry().perTryTimeout() : null;
            if (perTry != null && !perTry.isZero()) {
                perTryTimer = ctx.executor().schedule(this::perTryTimedOut, perTry.toNanos(), TimeUnit.NANOSECONDS);
            }
            pool.acquire(this);
        }

        @Override
        public void leased(UpstreamConnection leased) {
            if (done || finished) {
                leased.release(true);
                return;
            }
            this.connection = leased;
            leased.lease(this);
            sentNanos = trace.markNow(Trace.Mark.UPSTREAM_CONNECTED);
            Channel up = leased.channel();
            up.write(upstreamRequest(), up.voidPromise());
            requestSent = true;
            // Replay what arrived before the connection (and, on a retry, the whole body so far).
            boolean replayKept = attemptsStarted > 1 && retryBody != null;
            List<HttpContent> replay = replayKept ? retryBody : pendingBody;
            for (int i = 0; i < replay.size(); i++) { // indexed: most requests have nothing to replay
                HttpContent part = replay.get(i);
                up.write(replayKept ? part.retainedDuplicate() : part, up.voidPromise());
            }
            if (replayKept) {
                pendingBody.forEach(ReferenceCountUtil::release);
            }
            pendingBody.clear();
            pendingBytes = 0;
            requestFullySent = requestComplete || !expectsBody;
            up.flush();
            if (up.isWritable()) {
                ProxyExchange.this.connection.resumeReading();
            }
        }

        @Override
        public void failed(EndpointPool.Failure failure, Throwable cause) {
            if (done || finished) {
                return;
            }
            if (failure == EndpointPool.Failure.OVERFLOW) {
                finishAttempt("overflow", true);
                fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream connection pool overflow for cluster '"
                        + cluster.name() + "'", ResponseFlag.UPSTREAM_OVERFLOW);
                return;
            }
            finishAttempt("connect_failure", true);
            cluster.reportOutcome(endpoint, 503);
            if (!retryScheduled(RetryOn.CONNECT_FAILURE, HttpResponseStatus.SERVICE_UNAVAILABLE)) {
                String why = cause != null && cause.getMessage() != null ? ": " + cause.getMessage() : "";
                attemptsExhausted(HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "upstream connect error to " + endpoint.authority() + why, ResponseFlag.UPSTREAM_CONNECT_FAILURE);
            }
        }

        void writeBody(HttpContent content, boolean last) {
            Channel up = connection.channel();
            up.write(content, up.voidPromise());
            unflushed = true; // flushed at the end of the downstream read batch
            if (last) {
                requestFullySent = true;
            }
            if (!up.isWritable()) {
                ProxyExchange.this.connection.pauseReading();
            }
        }

        @Override
        public void upstreamReadComplete() {
            if (!done && responseStarted) {
                ctx.flush(); // one flush per read batch, not per chunk
            }
        }

        @Override
        public void upstreamWritabilityChanged(boolean writable) {
            if (writable && !done) {
                ProxyExchange.this.connection.resumeReading();
            }
        }

        @Override
        public void upstreamRead(HttpObject msg) {
            if (done || finished) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpResponse response) {
                onResponseHead(response);
            }
            if (msg instanceof HttpContent content) {
                if (done || !finalHeadSeen) {
                    content.release(); // e.g. the empty end the HTTP/1 codec emits after a 1xx head
                } else {
                    onResponseContent(content);
                }
            }
        }

        private void onResponseHead(HttpResponse response) {
            int code = response.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                return; // informational: the 100-continue was answered on our side
            }
            finalHeadSeen = true;
            cluster.reportOutcome(endpoint, code);
            trace.mark(Trace.Mark.UPSTREAM_FIRST_BYTE);
            cancelPerTryTimer();
            keepAlive = HopByHopHeaders.isKeepAlive(response);
            if (code >= 500 && retryScheduled(RetryOn.FIVE_XX, response.status())) {
                finishAttempt(GatewayMetrics.codeClass(code), true);
                connection.release(false); // the rest of this response is dropped with the connection
                return;
            }
            if (attemptsStarted > 1 && code >= 500) {
                raise(ResponseFlag.UPSTREAM_RETRY_LIMIT_EXCEEDED);
            }
            if (code == 101 && webSocket) {
                switchToTunnel(response);
                return;
            }
            if (!sendUpstreamResponse(response) && !done) {
                // A response filter answered instead: drop this response with its connection.
                finishAttempt(GatewayMetrics.codeClass(code), false);
                connection.release(false);
            }
        }

        private void onResponseContent(HttpContent content) {
            int bytes = content.content().readableBytes();
            if (bytes > 0) {
                context.listenerMetrics().bodyBytesSent.inc(bytes);
                trace.responseBody(bytes);
                trace.captureResponseBody(content.content());
            }
            boolean last = content instanceof LastHttpContent;
            if (pausedResponseHead != null) {
                if (pausedResponseContent.isEmpty()) {
                    pausedResponseContent = new ArrayList<>(2);
                }
                pausedResponseContent.add(content); // reads are off; only what was already read lands here
                return;
            }
            if (heldHead != null) {
                bufferForFilters(content, last);
                return;
            }
            if (filters != null && filters.watchesResponseBody()) {
                if (last) {
                    responseTrailers = ((LastHttpContent) content).trailingHeaders();
                }
                filters.offerResponseChunk(content.content(), last, responseResizable);
                if (finished && !done) {
                    // A watching filter answered; the head is out, so the client's stream was reset.
                    finishAttempt(GatewayMetrics.codeClass(responseStatus), false);
                    connection.release(false);
                }
                return; // what the filters let through comes back through bodyFiltered
            }
            sendResponseContent(content, last);
        }

        /** Writes a response body part to the client; the last one finishes the exchange. */
        void sendResponseContent(HttpContent content, boolean last) {
            if (!last) {
                ctx.write(content, ctx.voidPromise());
                Channel down = ctx.channel();
                if (!down.isWritable()) {
                    connection.channel().config().setAutoRead(false);
                }
                return;
            }
            if (filters != null && !((LastHttpContent) content).trailingHeaders().isEmpty()) {
                filters.runResponseTrailers(((LastHttpContent) content).trailingHeaders());
            }
            finishAttempt(GatewayMetrics.codeClass(responseStatus), responseStatus >= 500);
            ctx.writeAndFlush(content, ctx.voidPromise());
            connection.release(requestFullySent && keepAlive);
            finishResponse(responseStatus, false);
        }

        /** Collects the response for a filter that asked to see it whole, then lets it rewrite it. */
        private void bufferForFilters(HttpContent content, boolean last) {
            HttpHeaders trailers = last ? ((LastHttpContent) content).trailingHeaders() : null;
            if (!filters.bufferResponse(content.content())) {
                if (filters.responseOverLimit() == BodyLimit.REJECT) {
                    filters.takeBufferedResponse().release();
                    heldHead = null;
                    finishAttempt("too_large", true);
                    connection.release(false);
                    fail(HttpResponseStatus.BAD_GATEWAY, "upstream response is larger than a filter's buffer limit",
                            ResponseFlag.FILTER_ERROR);
                    return;
                }
                // Pass through uninspected: what was held goes out as it came, the rest streams.
                HttpResponse head = heldHead;
                heldHead = null;
                responseStarted = true;
                ctx.write(head, ctx.voidPromise());
                ctx.write(new DefaultHttpContent(filters.takeBufferedResponse()), ctx.voidPromise());
                trace.filterSpan(new Trace.FilterSpan("-", "response_body", "pass_through", 0, java.util.List.of()));
                if (last) {
                    onResponseContent(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers));
                }
                return;
            }
            if (!last) {
                return;
            }
            finishAttempt(GatewayMetrics.codeClass(responseStatus), responseStatus >= 500);
            connection.release(requestFullySent && keepAlive);
            filters.runResponseBody(filters.takeBufferedResponse(), body -> {
                if (finished) {
                    body.release();
                    return;
                }
                if (trailers != null && !trailers.isEmpty()) {
                    filters.runResponseTrailers(trailers);
                }
                sendHeldResponse(body, trailers);
                finishResponse(responseStatus, false);
            }); // a filter that answers instead hands nothing on; its reply finished the exchange
        }

        private void switchToTunnel(HttpResponse response) {
            finishAttempt("1xx", false);
            sendUpstreamResponse(response);
            UpstreamConnection up = connection;
            up.detach();
            ProxyExchange.this.connection.upgradeToTunnel(up.channel());
            complete(101);
        }

        @Override
        public void upstreamClosed(Throwable cause) {
            if (done || finished) {
                return;
            }
            finishAttempt("reset", true);
            if (!finalHeadSeen) {
                cluster.reportOutcome(endpoint, 503);
            }
            connection.release(false);
            if (responseStarted) {
                raise(ResponseFlag.UPSTREAM_RESET);
                resetDownstream();
            } else if (!retryScheduled(RetryOn.RESET, HttpResponseStatus.BAD_GATEWAY)) {
                attemptsExhausted(HttpResponseStatus.BAD_GATEWAY,
                        "upstream connection reset by " + endpoint.authority() + " before the response",
                        ResponseFlag.UPSTREAM_RESET);
            }
        }

        private void perTryTimedOut() {
            if (done || finished || responseStarted) {
                return;
            }
            finishAttempt("timeout", true);
            cluster.reportOutcome(endpoint, 504);
            if (connection != null) {
                connection.release(false);
            } else {
                pool.cancel(this);
            }
            if (!retryScheduled(RetryOn.GATEWAY_ERROR, HttpResponseStatus.GATEWAY_TIMEOUT)) {
                attemptsExhausted(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream per-try timeout",
                        ResponseFlag.UPSTREAM_TIMEOUT);
            }
        }

        /** The exchange gave up on this attempt (timeout, client gone). */
        void abandon() {
            if (done) {
                return;
            }
            finishAttempt("abandoned", true);
            if (connection != null) {
                connection.release(false);
            } else {
                pool.cancel(this);
            }
        }

        private void cancelPerTryTimer() {
            if (perTryTimer != null) {
                perTryTimer.cancel(false);
            }
        }

        private void finishAttempt(String outcome, boolean failed) {
            done = true;
            cancelPerTryTimer();
            endpoint.requestFinished(failed || outcome.equals("5xx"));
            cluster.metrics().attempt(outcome, sentNanos > 0 ? System.nanoTime() - sentNanos : -1);
        }
    }

}
