package dev.gatehouse.engine.wasm;

import dev.gatehouse.engine.observe.GatewayMetrics;
import dev.gatehouse.engine.upstream.Cluster;
import dev.gatehouse.engine.upstream.Endpoint;
import dev.gatehouse.engine.upstream.EndpointPool;
import dev.gatehouse.engine.upstream.UpstreamConnection;
import dev.gatehouse.engine.upstream.UpstreamListener;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code proxy_http_call}: a request to a configured cluster through the engine's own machinery, on the
 * VM's event loop: the cluster's balancer picks the endpoint (static addresses and demo backends alike),
 * the loop's connection pool for that endpoint lends a keep-alive connection (over TLS when the cluster
 * has {@code tls}, HTTP/2 when its protocol says so), and the cluster's {@code max_requests} breaker,
 * outlier detection and upstream metrics see the call as they see a proxied request. The answer comes
 * through {@code proxy_on_http_call_response} on the context that made the call; a failure or the call's
 * timeout answers with no headers and no body, as Envoy does. Responses are capped at
 * {@link #MAX_RESPONSE_BYTES}, calls in flight at {@link #MAX_IN_FLIGHT} per VM.
 */
final class WasmHttpCalls {
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    static final int MAX_IN_FLIGHT = 100;
    /** The timeout of a call that gives none (0). */
    static final int DEFAULT_TIMEOUT_MILLIS = 60_000;

    record Status(int code, String message) {
    }

    /** What proxy_on_http_call_response may read back while it runs. */
    private record Answer(List<Map.Entry<String, String>> headers, byte[] body, List<Map.Entry<String, String>> trailers) {
    }

    private final ProxyWasmVm vm;
    private int nextId = 1;
    private int inFlight;
    private Answer current;
    private Status status;

    WasmHttpCalls(ProxyWasmVm vm) {
        this.vm = vm;
    }

    /** Starts a call; returns its id, or a negated ABI status when it cannot be made. */
    int dispatch(String clusterName, List<Map.Entry<String, String>> headers, byte[] body, int timeoutMillis) {
        Cluster cluster = vm.plugin.clusters.apply(clusterName);
        if (cluster == null) {
            return -Abi.BAD_ARGUMENT; // as Envoy: an unknown cluster is a bad argument
        }
        if (!(vm.eventLoop instanceof EventLoop loop)) {
            return -Abi.INTERNAL_FAILURE; // no event loop (the module's start-up probe)
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
        if (method == null || path == null || authority == null || method.isEmpty() || !path.startsWith("/")) {
            return -Abi.BAD_ARGUMENT;
        }
        HttpMethod httpMethod;
        try {
            httpMethod = HttpMethod.valueOf(method);
        } catch (IllegalArgumentException e) {
            return -Abi.BAD_ARGUMENT;
        }
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, httpMethod, path, Unpooled.wrappedBuffer(body));
        try {
            regular.forEach(h -> request.headers().add(h.getKey(), h.getValue()));
            request.headers().set(HttpHeaderNames.HOST, authority);
        } catch (IllegalArgumentException e) {
            request.release();
            return -Abi.BAD_ARGUMENT; // a header name or value HTTP does not allow
        }
        request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        if (body.length > 0 || !request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            HttpUtil.setContentLength(request, body.length);
        }
        int id = nextId++;
        inFlight++;
        new Call(id, vm.effectiveContext(), cluster, loop, request,
                timeoutMillis > 0 ? timeoutMillis : DEFAULT_TIMEOUT_MILLIS).start();
        return id;
    }

    /** One call: lease, write, gather the response, answer once. Lives on the VM's event loop. */
    private final class Call implements EndpointPool.LeaseCallback, UpstreamListener {
        private final int id;
        private final int context;
        private final Cluster cluster;
        private final EventLoop loop;
        private DefaultFullHttpRequest request;
        private final int timeoutMillis;
        private Endpoint endpoint;
        private EndpointPool pool;
        private UpstreamConnection connection;
        private ScheduledFuture<?> timer;
        private boolean holdingSlot;
        private long sentNanos = -1;
        private HttpResponse head;
        private CompositeByteBuf content;
        private boolean done;

        Call(int id, int context, Cluster cluster, EventLoop loop, DefaultFullHttpRequest request, int timeoutMillis) {
            this.id = id;
            this.context = context;
            this.cluster = cluster;
            this.loop = loop;
            this.request = request;
            this.timeoutMillis = timeoutMillis;
        }

        void start() {
            timer = loop.schedule(this::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
            // Failures found now are still answered later, never inside the module's own call.
            if (!cluster.tryStartRequest()) {
                loop.execute(() -> fail("overflow", 0));
                return;
            }
            holdingSlot = true;
            endpoint = cluster.choose(ThreadLocalRandom.current().nextLong());
            if (endpoint == null) {
                loop.execute(() -> fail("no_endpoint", 0));
                return;
            }
            endpoint.requestStarted();
            pool = cluster.pool(loop, endpoint);
            pool.acquire(this);
        }

        @Override
        public void leased(UpstreamConnection leased) {
            if (done) {
                leased.release(true);
                return;
            }
            connection = leased;
            leased.lease(this);
            Channel up = leased.channel();
            sentNanos = System.nanoTime();
            DefaultFullHttpRequest sending = request;
            request = null;
            up.writeAndFlush(sending, up.voidPromise());
        }

        @Override
        public void failed(EndpointPool.Failure failure, Throwable cause) {
            // A pool may refuse at once, inside the module's proxy_http_call: answer from the loop instead.
            loop.execute(() -> {
                if (done) {
                    return;
                }
                if (failure == EndpointPool.Failure.OVERFLOW) {
                    fail("overflow", 0);
                } else {
                    fail("connect_failure", 503);
                }
            });
        }

        @Override
        public void upstreamRead(HttpObject msg) {
            if (done) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpResponse response) {
                if (response.status().code() >= 100 && response.status().code() < 200) {
                    ReferenceCountUtil.release(msg);
                    return; // informational
                }
                head = response;
                content = Unpooled.compositeBuffer();
            }
            if (msg instanceof HttpContent part) {
                if (head == null) {
                    part.release(); // the end of a 1xx
                    return;
                }
                if (content.readableBytes() + part.content().readableBytes() > MAX_RESPONSE_BYTES) {
                    part.release();
                    fail("too_large", 0);
                    return;
                }
                content.addComponent(true, part.content().retain());
                boolean last = part instanceof LastHttpContent;
                HttpHeaders trailers = last ? ((LastHttpContent) part).trailingHeaders() : null;
                part.release();
                if (last) {
                    succeed(trailers);
                }
            }
        }

        @Override
        public void upstreamReadComplete() {
        }

        @Override
        public void upstreamWritabilityChanged(boolean writable) {
        }

        @Override
        public void upstreamClosed(Throwable cause) {
            if (!done) {
                fail("reset", head == null ? 503 : 0);
            }
        }

        private void timedOut() {
            if (!done) {
                fail("timeout", 504);
            }
        }

        private void succeed(HttpHeaders trailers) {
            int code = head.status().code();
            cluster.reportOutcome(endpoint, code);
            boolean reusable = HttpUtil.isKeepAlive(head);
            List<Map.Entry<String, String>> headerPairs = new ArrayList<>(head.headers().size() + 1);
            headerPairs.add(Map.entry(":status", Integer.toString(code)));
            head.headers().forEach(h -> headerPairs.add(Map.entry(h.getKey().toLowerCase(Locale.ROOT), h.getValue())));
            List<Map.Entry<String, String>> trailerPairs = new ArrayList<>();
            if (trailers != null) {
                trailers.forEach(h -> trailerPairs.add(Map.entry(h.getKey().toLowerCase(Locale.ROOT), h.getValue())));
            }
            Answer answer = new Answer(headerPairs, ByteBufUtil.getBytes(content), trailerPairs);
            Status result = new Status(code, head.status().reasonPhrase());
            finish(GatewayMetrics.codeClass(code), code >= 500, reusable);
            deliver(id, context, answer, result);
        }

        /** @param reportedStatus what outlier detection hears of the endpoint; 0 for nothing */
        private void fail(String outcome, int reportedStatus) {
            if (endpoint != null && reportedStatus != 0) {
                cluster.reportOutcome(endpoint, reportedStatus);
            }
            finish(outcome, true, false);
            deliver(id, context, null, new Status(0, outcome));
        }

        private void finish(String outcome, boolean failed, boolean reusable) {
            done = true;
            timer.cancel(false);
            if (request != null) {
                request.release();
                request = null;
            }
            if (content != null) {
                content.release();
                content = null;
            }
            if (connection != null) {
                connection.release(reusable);
            } else if (pool != null) {
                pool.cancel(this);
            }
            if (endpoint != null) {
                endpoint.requestFinished(failed);
            }
            if (holdingSlot) {
                cluster.requestFinished();
                holdingSlot = false;
            }
            if (endpoint != null) {
                cluster.metrics().attempt(outcome, sentNanos >= 0 ? System.nanoTime() - sentNanos : -1);
            }
            vm.plugin.metrics.httpCall(vm.plugin.name, cluster.name(), outcome);
            inFlight--;
        }
    }

    /** Calls proxy_on_http_call_response once per call: no headers and no body when the call failed. */
    private void deliver(int id, int context, Answer answer, Status result) {
        if (vm.broken() || (context != ProxyWasmVm.ROOT_CONTEXT_ID && vm.stream(context) == null)) {
            return; // the VM broke, or the request that made the call is over (Envoy cancels such calls)
        }
        current = answer;
        status = result;
        int headers = answer == null ? 0 : answer.headers().size();
        int bodySize = answer == null ? 0 : answer.body().length;
        int trailers = answer == null ? 0 : answer.trailers().size();
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
        return current == null ? null : current.body();
    }

    List<Map.Entry<String, String>> responsePairs(boolean headers) {
        if (current == null) {
            return null;
        }
        return headers ? current.headers() : current.trailers();
    }

    Status status() {
        return status;
    }
}
