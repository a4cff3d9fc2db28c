package dev.gatehouse.engine.wasm;

import dev.gatehouse.engine.filter.BodyChunk;
import dev.gatehouse.engine.filter.FilterContext;
import dev.gatehouse.engine.filter.FilterStatus;
import dev.gatehouse.engine.filter.HttpFilter;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request's HTTP context in a proxy-wasm VM: maps the filter SPI's phases onto the module's
 * stream callbacks (request/response headers, body, trailers; log, done, delete), and holds what the
 * host calls of that context act on (header maps, the body in hand, a pending local response).
 * PAUSE from a headers callback is STOP; from a body callback it is BUFFER (StopIterationAndBuffer),
 * or STOP at the end of the stream; {@code proxy_continue_stream} resumes.
 */
final class WasmHttpFilter implements HttpFilter {
    /** At most this many module log lines go into one request's trace. */
    static final int MAX_TRACED_LOGS = 8;

    enum Edit { ADD, REPLACE, REMOVE }

    private final WasmPlugin plugin;
    private ProxyWasmVm vm;
    private int contextId;
    /** Fail-open after a failure: the filter steps aside for the rest of the request. */
    private boolean skipped;
    private FilterContext ctx;
    private HttpHeaders requestTrailers;
    private HttpHeaders responseHeaders;
    private int responseStatus;
    private HttpHeaders responseTrailers;
    private BodyChunk requestBody;
    private BodyChunk responseBody;
    private boolean requestPaused;
    private boolean responsePaused;
    private LocalResponse pendingResponse;
    private boolean inCallback;
    private int tracedLogs;
    private Map<String, byte[]> properties = Map.of();
    /** When the request reached this filter, for the {@code request.time} property. */
    private long requestTimeNanos;

    private record LocalResponse(int status, String details, byte[] body, List<Map.Entry<String, String>> headers) {
    }

    WasmHttpFilter(WasmPlugin plugin) {
        this.plugin = plugin;
    }

    // ---------------------------------------------------------------- phases

    @Override
    public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
        this.ctx = ctx;
        requestTimeNanos = System.currentTimeMillis() * 1_000_000L;
        try {
            vm = plugin.vm(ctx.eventLoop());
            contextId = vm.newStream(this);
            if (vm.exports("proxy_on_request_body")) {
                ctx.watchRequestBody(plugin.config.maxBodyBytes(), true);
            }
            boolean endOfStream = !HttpUtil.isTransferEncodingChunked(ctx.request())
                    && HttpUtil.getContentLength(ctx.request(), 0L) == 0;
            int action = callback("proxy_on_request_headers", pairs(Abi.HTTP_REQUEST_HEADERS).size(), endOfStream ? 1 : 0);
            return verdict(action, true, false, true);
        } catch (WasmFailure e) {
            return failed(e);
        }
    }

    @Override
    public FilterStatus onRequestBody(FilterContext ctx, BodyChunk body) {
        if (inactive()) {
            return FilterStatus.CONTINUE;
        }
        requestBody = body;
        try {
            int action = callback("proxy_on_request_body", body.content().readableBytes(), body.endOfStream() ? 1 : 0);
            return verdict(action, true, true, body.endOfStream());
        } catch (WasmFailure e) {
            return failed(e);
        } finally {
            if (!requestPaused) {
                requestBody = null;
            }
        }
    }

    @Override
    public FilterStatus onRequestTrailers(FilterContext ctx, HttpHeaders trailers) {
        if (inactive()) {
            return FilterStatus.CONTINUE;
        }
        requestTrailers = trailers;
        try {
            callback("proxy_on_request_trailers", trailers.size());
            return pendingResponse != null ? sendPendingResponse() : FilterStatus.CONTINUE;
        } catch (WasmFailure e) {
            return failed(e);
        }
    }

    @Override
    public FilterStatus onResponseHeaders(FilterContext ctx, int status, HttpHeaders headers) {
        if (inactive()) {
            return FilterStatus.CONTINUE;
        }
        responseStatus = status;
        responseHeaders = headers;
        try {
            if (vm.exports("proxy_on_response_body")) {
                ctx.watchResponseBody(plugin.config.maxBodyBytes(), true);
            }
            boolean endOfStream = status == 204 || status == 304 || HttpMethod.HEAD.equals(ctx.request().method())
                    || "0".equals(headers.get(HttpHeaderNames.CONTENT_LENGTH));
            int action = callback("proxy_on_response_headers", pairs(Abi.HTTP_RESPONSE_HEADERS).size(), endOfStream ? 1 : 0);
            return verdict(action, false, false, true);
        } catch (WasmFailure e) {
            return failed(e);
        }
    }

    @Override
    public FilterStatus onResponseBody(FilterContext ctx, BodyChunk body) {
        if (inactive()) {
            return FilterStatus.CONTINUE;
        }
        responseBody = body;
        try {
            int action = callback("proxy_on_response_body", body.content().readableBytes(), body.endOfStream() ? 1 : 0);
            return verdict(action, false, true, body.endOfStream());
        } catch (WasmFailure e) {
            return failed(e);
        } finally {
            if (!responsePaused) {
                responseBody = null;
            }
        }
    }

    @Override
    public FilterStatus onResponseTrailers(FilterContext ctx, HttpHeaders trailers) {
        if (inactive()) {
            return FilterStatus.CONTINUE;
        }
        responseTrailers = trailers;
        try {
            callback("proxy_on_response_trailers", trailers.size());
            return FilterStatus.CONTINUE;
        } catch (WasmFailure e) {
            return failed(e);
        }
    }

    @Override
    public void onLog(FilterContext ctx) {
        if (vm == null || contextId == 0) {
            return;
        }
        try {
            if (!vm.broken()) {
                callback("proxy_on_log");
                callback("proxy_on_done");
                callback("proxy_on_delete");
            }
        } catch (WasmFailure e) {
            countFailure(e);
        } finally {
            vm.endStream(contextId);
        }
    }

    // ---------------------------------------------------------------- callbacks and verdicts

    private boolean inactive() {
        return skipped || vm == null || contextId == 0;
    }

    private int callback(String export, long... args) {
        long[] withContext = new long[args.length + 1];
        withContext[0] = contextId;
        System.arraycopy(args, 0, withContext, 1, args.length);
        inCallback = true;
        try {
            return vm.call(export, withContext);
        } finally {
            inCallback = false;
        }
    }

    private FilterStatus verdict(int action, boolean request, boolean body, boolean endOfStream) {
        if (pendingResponse != null) {
            return sendPendingResponse();
        }
        if (action != Abi.PAUSE) {
            return FilterStatus.CONTINUE;
        }
        if (body && !endOfStream) {
            return FilterStatus.BUFFER; // StopIterationAndBuffer: called again with the body so far
        }
        if (request) {
            requestPaused = true;
        } else {
            responsePaused = true;
        }
        return FilterStatus.STOP;
    }

    private FilterStatus sendPendingResponse() {
        LocalResponse response = pendingResponse;
        pendingResponse = null;
        HttpHeaders headers = new DefaultHttpHeaders();
        response.headers().forEach(h -> {
            if (!h.getKey().startsWith(":")) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        if (!response.details().isEmpty()) {
            ctx.annotate("local_response", response.details());
        }
        return ctx.reply(response.status(), new String(response.body(), StandardCharsets.UTF_8), headers);
    }

    /** A trap, overrun or broken VM: counted, traced, then the failure policy. */
    private FilterStatus failed(WasmFailure e) {
        countFailure(e);
        if (ctx != null) {
            ctx.annotate("wasm_error", e.reason() + ": " + e.getMessage());
        }
        if (plugin.config.failOpen() || ctx == null) {
            skipped = true;
            return FilterStatus.CONTINUE;
        }
        skipped = true;
        return ctx.replyError(503, "wasm filter '" + plugin.name + "' failed", null);
    }

    private void countFailure(WasmFailure e) {
        plugin.metrics.failure(plugin.name, e.reason());
        if (vm != null && vm.broken()) {
            plugin.discard(vm);
        }
        WasmLog.failure(plugin, e);
    }

    /** A callback outside the request's phases (an HTTP call's answer) failed. */
    void asyncFailure(WasmFailure e) {
        countFailure(e);
        skipped = true;
        if (plugin.config.failOpen()) {
            resumeIfPaused();
        } else {
            ctx.eventLoop().execute(() -> ctx.replyError(503, "wasm filter '" + plugin.name + "' failed", null));
        }
    }

    // ---------------------------------------------------------------- what host calls act on

    void continueStream(boolean request) {
        boolean wasPaused = request ? requestPaused : responsePaused;
        if (!wasPaused) {
            return;
        }
        if (request) {
            requestPaused = false;
            requestBody = null;
        } else {
            responsePaused = false;
            responseBody = null;
        }
        ctx.eventLoop().execute(ctx::resume); // never inside the module's own call
    }

    private void resumeIfPaused() {
        continueStream(true);
        continueStream(false);
    }

    void localResponse(int status, String details, byte[] body, List<Map.Entry<String, String>> headers) {
        LocalResponse response = new LocalResponse(status, details, body, headers);
        if (inCallback) {
            pendingResponse = response; // sent when the callback returns
            return;
        }
        ctx.eventLoop().execute(() -> {
            pendingResponse = response;
            sendPendingResponse();
        });
    }

    void logged(int level, String message) {
        if (ctx != null && tracedLogs < MAX_TRACED_LOGS) {
            tracedLogs++;
            String[] names = {"trace", "debug", "info", "warn", "error", "critical"};
            ctx.annotate("log." + names[Math.max(0, Math.min(5, level))],
                    message.length() > 200 ? message.substring(0, 200) + "…" : message);
        }
    }

    /** The body in hand for the current body callback (or held while paused); null outside one. */
    byte[] body(boolean request) {
        BodyChunk chunk = request ? requestBody : responseBody;
        return chunk == null ? null : ByteBufUtil.getBytes(chunk.content());
    }

    void replaceBody(boolean request, byte[] bytes) {
        BodyChunk chunk = request ? requestBody : responseBody;
        chunk.replace(Unpooled.wrappedBuffer(bytes));
    }

    /** A header map as pairs, pseudo-headers first; null when the map does not exist (yet). */
    List<Map.Entry<String, String>> pairs(int type) {
        HttpHeaders headers = headers(type);
        if (headers == null) {
            return null;
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>(headers.size() + 4);
        if (type == Abi.HTTP_REQUEST_HEADERS) {
            HttpRequest request = ctx.request();
            pairs.add(Map.entry(":method", request.method().name()));
            pairs.add(Map.entry(":path", request.uri()));
            String host = headers.get(HttpHeaderNames.HOST);
            pairs.add(Map.entry(":authority", host == null ? "" : host));
            String proto = headers.get("x-forwarded-proto");
            pairs.add(Map.entry(":scheme", proto == null ? "http" : proto));
        } else if (type == Abi.HTTP_RESPONSE_HEADERS) {
            pairs.add(Map.entry(":status", Integer.toString(responseStatus)));
        }
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (type == Abi.HTTP_REQUEST_HEADERS && name.equals("host")) {
                continue; // it is :authority
            }
            pairs.add(Map.entry(name, header.getValue()));
        }
        return pairs;
    }

    int setPairs(int type, List<Map.Entry<String, String>> pairs) {
        HttpHeaders headers = headers(type);
        if (headers == null) {
            return Abi.NOT_FOUND;
        }
        for (Map.Entry<String, String> pair : pairs) {
            if (pair.getKey().startsWith(":") && type == Abi.HTTP_REQUEST_HEADERS
                    && pair.getKey().equals(":method") && !dev.gatehouse.engine.filter.FilterSettings.isToken(pair.getValue())) {
                return Abi.BAD_ARGUMENT; // checked before anything changes
            }
        }
        String authority = headers.get(HttpHeaderNames.HOST);
        headers.clear();
        if (type == Abi.HTTP_REQUEST_HEADERS && authority != null) {
            headers.set(HttpHeaderNames.HOST, authority);
        }
        for (Map.Entry<String, String> pair : pairs) {
            String name = pair.getKey().toLowerCase(Locale.ROOT);
            if (!name.startsWith(":")) {
                headers.add(name, pair.getValue());
            } else if (type == Abi.HTTP_REQUEST_HEADERS) {
                editPseudo(type, Edit.REPLACE, name, pair.getValue(), headers);
            } // :status comes back with the pairs a module read; it cannot change here
        }
        ctx.markModified();
        return Abi.OK;
    }

    int edit(int type, Edit edit, String name, String value) {
        HttpHeaders headers = headers(type);
        if (headers == null) {
            return Abi.NOT_FOUND;
        }
        if (name.startsWith(":")) {
            return editPseudo(type, edit, name, value, headers);
        }
        switch (edit) {
            case ADD -> headers.add(name, value);
            case REPLACE -> headers.set(name, value);
            case REMOVE -> headers.remove(name);
        }
        ctx.markModified();
        return Abi.OK;
    }

    private int editPseudo(int type, Edit edit, String name, String value, HttpHeaders headers) {
        if (edit == Edit.REMOVE) {
            return Abi.BAD_ARGUMENT; // a request cannot lose its method or path
        }
        if (type == Abi.HTTP_REQUEST_HEADERS) {
            switch (name) {
                case ":path" -> ctx.request().setUri(value);
                case ":method" -> ctx.request().setMethod(HttpMethod.valueOf(value));
                case ":authority" -> headers.set(HttpHeaderNames.HOST, value);
                case ":scheme" -> { }
                default -> {
                    return Abi.BAD_ARGUMENT;
                }
            }
            ctx.markModified();
            return Abi.OK;
        }
        return Abi.BAD_ARGUMENT; // :status cannot be changed once the response is on its way
    }

    private HttpHeaders headers(int type) {
        if (ctx == null) {
            return null;
        }
        return switch (type) {
            case Abi.HTTP_REQUEST_HEADERS -> ctx.request().headers();
            case Abi.HTTP_REQUEST_TRAILERS -> requestTrailers;
            case Abi.HTTP_RESPONSE_HEADERS -> responseHeaders;
            case Abi.HTTP_RESPONSE_TRAILERS -> responseTrailers;
            default -> null;
        };
    }

    /**
     * A request or connection property (the path is NUL-separated segments, e.g. "request\0path"),
     * named and encoded as Envoy does: strings as their bytes, integers and timestamps as 8-byte
     * little-endian int64 (timestamps in nanoseconds since the epoch), booleans as one byte.
     */
    byte[] property(String path) {
        byte[] set = properties.get(path);
        if (set != null) {
            return set;
        }
        if (ctx == null) {
            return null;
        }
        String dotted = path.replace('\0', '.');
        if (dotted.startsWith("source.") || dotted.startsWith("destination.") || dotted.startsWith("connection.")) {
            return ConnectionProperties.of(ctx.connection(), ctx.clientAddress(), dotted);
        }
        HttpRequest request = ctx.request();
        String uri = request.uri();
        int q = uri.indexOf('?');
        String value = switch (dotted) {
            case "request.path" -> uri;
            case "request.url_path" -> q < 0 ? uri : uri.substring(0, q);
            case "request.query" -> q < 0 ? "" : uri.substring(q + 1);
            case "request.host" -> request.headers().get(HttpHeaderNames.HOST);
            case "request.method" -> request.method().name();
            case "request.scheme" -> request.headers().get("x-forwarded-proto",
                    ctx.connection().tls() ? "https" : "http");
            case "request.protocol" -> ctx.connection().http2() ? "HTTP/2" : request.protocolVersion().text();
            case "request.id" -> ctx.requestId();
            case "request.useragent" -> request.headers().get(HttpHeaderNames.USER_AGENT);
            case "request.referer" -> request.headers().get(HttpHeaderNames.REFERER);
            case "route_name", "xds.route_name" -> ctx.route();
            case "request.consumer" -> ctx.consumer();
            default -> null;
        };
        if (value != null) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        if (dotted.equals("request.time")) {
            return HostCalls.int64(requestTimeNanos);
        }
        if (dotted.equals("response.code") && responseHeaders != null) {
            return HostCalls.int64(responseStatus);
        }
        if (dotted.startsWith("request.headers.")) {
            String header = request.headers().get(dotted.substring("request.headers.".length()));
            return header == null ? null : header.getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    void setProperty(String path, byte[] value) {
        if (properties.isEmpty()) {
            properties = new HashMap<>(4);
        }
        if (properties.size() < 100) {
            properties.put(path, value);
        }
    }
}
