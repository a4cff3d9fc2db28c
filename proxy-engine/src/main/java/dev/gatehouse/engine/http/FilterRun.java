package dev.gatehouse.engine.http;

import dev.gatehouse.engine.filter.BodyChunk;
import dev.gatehouse.engine.filter.BodyLimit;
import dev.gatehouse.engine.filter.ConfiguredFilter;
import dev.gatehouse.engine.filter.FilterContext;
import dev.gatehouse.engine.filter.FilterStatus;
import dev.gatehouse.engine.filter.HttpFilter;
import dev.gatehouse.engine.observe.Trace;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's pass through its filter chain: the per-request filter instances, where the request
 * phase stands (a filter may pause it and resume later), and a trace entry for every filter and
 * phase. A filter that throws is contained: its verdict is "error" and the request gets a 500.
 */
final class FilterRun implements FilterContext {
    private static final Logger log = LoggerFactory.getLogger(FilterRun.class);
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
    private static final java.util.concurrent.ConcurrentHashMap<String, Long> LAST_LOGGED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** What the run needs from its exchange. */
    interface Owner {
        HttpRequest request();

        String requestId();

        String clientAddress();

        String route();

        Trace trace();

        EventExecutor eventLoop();

        /** The response-headers phase, paused by a filter, has finished: send the response on. */
        void responseFiltersDone();

        /** All request filters said continue: go on to the route's action. */
        void requestFiltersDone();

        /** Counts a filter that threw. */
        void filterFailed(String filter);

        /**
         * A filter answered the request itself.
         *
         * @param json the body is an error message for the gateway's JSON error document, not the body itself
         */
        void filterReplied(int status, String body, HttpHeaders headers, boolean json, boolean failure);
    }

    private final Owner owner;
    private final List<ConfiguredFilter> chain;
    private final HttpFilter[] filters;
    private int next;
    private boolean paused;
    private boolean replied;
    /** True while a filter method is on the stack: a reply made then is sent once it returns. */
    private boolean inFilter;
    private boolean repliedInThisCall;
    private Reply pendingReply;
    private int current = -1;
    private int responseNext = -1;
    private boolean responsePaused;
    private int responseStatus;
    private HttpHeaders responseHeaders;
    private boolean[] watchingRequest;
    private boolean[] watchingResponse;
    private long[] requestStreamNanos;
    private long[] responseStreamNanos;
    private int[] requestStreamChunks;
    private int[] responseStreamChunks;
    /** Non-"continue" verdicts of watched streams, by phase and filter; allocated on first use. */
    private java.util.Map<String, String> streamVerdicts = java.util.Map.of();
    private int requestLimit = -1;
    private BodyLimit requestOverLimit = BodyLimit.REJECT;
    private boolean requestPassThrough;
    private CompositeByteBuf requestBuffer;
    private int responseLimit = -1;
    private BodyLimit responseOverLimit = BodyLimit.REJECT;
    private boolean responsePassThrough;
    private CompositeByteBuf responseBuffer;

    private record Reply(int status, String body, HttpHeaders headers, boolean json, boolean failure) {
    }
    private boolean modified;
    private List<String> notes = List.of();
    private String consumer = "";
    private Function<String, String> tokenClaims;
    /** The trace entry of a phase a filter paused, written when it resumes or replies (or at log). */
    private PausedSpan pausedSpan;

    private record PausedSpan(int index, String phase, long startNanos) {
    }

    FilterRun(Owner owner, List<ConfiguredFilter> chain) {
        this.owner = owner;
        this.chain = chain;
        this.filters = new HttpFilter[chain.size()];
        for (int i = 0; i < filters.length; i++) {
            filters[i] = chain.get(i).factory().newFilter();
        }
    }

    /**
     * Runs the request-headers phase from where it stands. Returns CONTINUE when every filter
     * passed, STOP when one paused (it resumes later), REPLIED when one answered.
     */
    FilterStatus runRequestHeaders() {
        HttpHeaders headers = owner.request().headers();
        while (next < filters.length) {
            int i = next++;
            FilterStatus status = invoke(i, "request_headers", true, () -> filters[i].onRequestHeaders(this, headers));
            if (status == FilterStatus.STOP && !replied) {
                paused = true;
                return FilterStatus.STOP;
            }
            if (status == FilterStatus.REPLIED || replied) {
                return FilterStatus.REPLIED;
            }
        }
        return FilterStatus.CONTINUE;
    }

    /**
     * Runs the response-headers phase, last filter first. A filter may change the headers or answer
     * instead (REPLIED). Pausing here is not supported yet: STOP counts as continue.
     */
    FilterStatus runResponseHeaders(int status, HttpHeaders headers) {
        responseNext = Math.min(next, filters.length) - 1;
        responseStatus = status;
        responseHeaders = headers;
        return continueResponseHeaders(true);
    }

    /**
     * Runs the response-headers phase from where it stands. A filter may pause it (STOP) while the
     * upstream response waits, unless {@code pausable} is false (a gateway-made reply cannot wait).
     */
    private FilterStatus continueResponseHeaders(boolean pausable) {
        while (responseNext >= 0) {
            int index = responseNext--;
            FilterStatus result = invoke(index, "response_headers", pausable,
                    () -> filters[index].onResponseHeaders(this, responseStatus, responseHeaders));
            if (result == FilterStatus.REPLIED) {
                return FilterStatus.REPLIED;
            }
            if (result == FilterStatus.STOP && pausable && !replied) {
                responsePaused = true;
                return FilterStatus.STOP;
            }
        }
        return FilterStatus.CONTINUE;
    }

    /** Like {@link #runResponseHeaders} for a reply the gateway made: no filter can pause it. */
    FilterStatus runResponseHeadersOfLocalReply(int status, HttpHeaders headers) {
        responseNext = Math.min(next, filters.length) - 1;
        responseStatus = status;
        responseHeaders = headers;
        return continueResponseHeaders(false);
    }

    // ---------------------------------------------------------------- streamed bodies

    boolean watchesRequestBody() {
        return watchingRequest != null;
    }

    boolean watchesResponseBody() {
        return watchingResponse != null;
    }

    /**
     * Runs the watching filters over one request chunk, in chain order. Returns the bytes to send on
     * (the caller owns them), or null when a filter answered. Each filter gets one trace entry for
     * the whole stream, written at its end.
     */
    ByteBuf runRequestChunk(ByteBuf content, boolean endOfStream, boolean resizable) {
        var chunk = new Chunk(content, endOfStream, resizable);
        for (int i = 0; i < filters.length; i++) {
            if (watchingRequest != null && watchingRequest[i] && !streamed(i, "request_body", chunk, true)) {
                chunk.content.release();
                return null;
            }
        }
        return chunk.content;
    }

    /** Like {@link #runRequestChunk}, for a response chunk, last filter first. */
    ByteBuf runResponseChunk(ByteBuf content, boolean endOfStream, boolean resizable) {
        var chunk = new Chunk(content, endOfStream, resizable);
        for (int i = filters.length - 1; i >= 0; i--) {
            if (watchingResponse != null && watchingResponse[i] && !streamed(i, "response_body", chunk, false)) {
                chunk.content.release();
                return null;
            }
        }
        return chunk.content;
    }

    /** One chunk through one filter, timed into a per-stream total; false when the filter answered. */
    private boolean streamed(int index, String phase, Chunk chunk, boolean request) {
        long[] nanos = request ? requestStreamNanos : responseStreamNanos;
        int[] chunks = request ? requestStreamChunks : responseStreamChunks;
        long start = System.nanoTime();
        FilterStatus status;
        String verdict;
        modified = false;
        repliedInThisCall = false;
        inFilter = true;
        try {
            status = request ? filters[index].onRequestBody(this, chunk) : filters[index].onResponseBody(this, chunk);
            verdict = repliedInThisCall ? "reject" : modified ? "modify" : "continue";
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            verdict = "error";
            status = FilterStatus.REPLIED;
            logFailure(chain.get(index).name(), e);
            owner.filterFailed(chain.get(index).name());
            if (!replied) {
                replied = true;
                pendingReply = new Reply(500, "filter '" + chain.get(index).name() + "' failed",
                        EmptyHttpHeaders.INSTANCE, false, true);
            }
        } finally {
            inFilter = false;
        }
        nanos[index] += System.nanoTime() - start;
        chunks[index]++;
        if (!verdict.equals("continue")) {
            if (streamVerdicts.isEmpty()) {
                streamVerdicts = new java.util.HashMap<>(2);
            }
            streamVerdicts.put(phase + index, verdict);
        }
        boolean answered = repliedInThisCall || status == FilterStatus.REPLIED || pendingReply != null;
        if (chunk.endOfStream || answered) {
            owner.trace().filterSpan(new Trace.FilterSpan(chain.get(index).name(), phase,
                    streamVerdicts.getOrDefault(phase + index, "continue"), nanos[index],
                    List.of("chunks", Integer.toString(chunks[index]))));
        }
        if (pendingReply != null) {
            Reply reply = pendingReply;
            pendingReply = null;
            send(reply);
        }
        return !answered;
    }

    @Override
    public void watchRequestBody() {
        if (watchingRequest == null) {
            watchingRequest = new boolean[filters.length];
            requestStreamNanos = new long[filters.length];
            requestStreamChunks = new int[filters.length];
        }
        watchingRequest[current] = true;
    }

    @Override
    public void watchResponseBody() {
        if (watchingResponse == null) {
            watchingResponse = new boolean[filters.length];
            responseStreamNanos = new long[filters.length];
            responseStreamChunks = new int[filters.length];
        }
        watchingResponse[current] = true;
    }

    // ---------------------------------------------------------------- request body

    /** True when a filter asked for the whole request body and it has not overflowed. */
    boolean buffersRequestBody() {
        return requestLimit >= 0 && !requestPassThrough;
    }

    /** Adds a request chunk (taking ownership); false once past the limit (see {@link #requestOverLimit()}). */
    boolean bufferRequest(ByteBuf chunk) {
        if (requestBuffer == null) {
            requestBuffer = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        }
        requestBuffer.addComponent(true, chunk);
        if (requestBuffer.readableBytes() > requestLimit) {
            requestPassThrough = requestOverLimit == BodyLimit.PASS_THROUGH;
            return false;
        }
        return true;
    }

    BodyLimit requestOverLimit() {
        return requestOverLimit;
    }

    /** The buffered request body so far (the caller owns it). */
    ByteBuf takeBufferedRequest() {
        ByteBuf body = requestBuffer == null ? Unpooled.EMPTY_BUFFER : requestBuffer;
        requestBuffer = null;
        return body;
    }

    /** Runs the request-body phase over the whole body, in chain order; null when a filter answered. */
    ByteBuf runRequestBody(ByteBuf content) {
        var chunk = new Chunk(content, true, true);
        for (int i = 0; i < Math.min(next, filters.length); i++) {
            int index = i;
            FilterStatus result = invoke(i, "request_body", () -> filters[index].onRequestBody(this, chunk));
            if (result == FilterStatus.REPLIED || replied) {
                chunk.content.release();
                return null;
            }
        }
        return chunk.content;
    }

    @Override
    public void bufferRequestBody(int maxBytes, BodyLimit overLimit) {
        requestLimit = Math.max(requestLimit, maxBytes);
        requestOverLimit = java.util.Objects.requireNonNull(overLimit, "overLimit");
    }

    // ---------------------------------------------------------------- response body

    /** True when a filter asked for the whole response body and it has not overflowed. */
    boolean buffersResponseBody() {
        return responseLimit >= 0 && !responsePassThrough;
    }

    /**
     * Adds a response chunk to the buffer (taking ownership). Returns false once the body is past the
     * limit: the caller then applies {@link #responseOverLimit()}; the buffered bytes stay here for
     * {@link #takeBufferedResponse()}.
     */
    boolean bufferResponse(ByteBuf chunk) {
        if (responseBuffer == null) {
            responseBuffer = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        }
        responseBuffer.addComponent(true, chunk);
        if (responseBuffer.readableBytes() > responseLimit) {
            responsePassThrough = responseOverLimit == BodyLimit.PASS_THROUGH;
            return false;
        }
        return true;
    }

    BodyLimit responseOverLimit() {
        return responseOverLimit;
    }

    /** The buffered response so far (the caller owns it); an empty buffer if nothing came. */
    ByteBuf takeBufferedResponse() {
        ByteBuf body = responseBuffer == null ? Unpooled.EMPTY_BUFFER : responseBuffer;
        responseBuffer = null;
        return body;
    }

    /**
     * Runs the response-body phase over one chunk (or the whole buffered body), last filter first.
     * Returns the bytes to send (the same buffer or a replacement; the caller owns the result), or
     * null when a filter answered instead.
     *
     * @param resizable false once the client has a Content-Length: a replacement must then keep the size
     */
    ByteBuf runResponseBody(ByteBuf content, boolean endOfStream, boolean resizable) {
        var chunk = new Chunk(content, endOfStream, resizable);
        for (int i = Math.min(next, filters.length) - 1; i >= 0; i--) {
            int index = i;
            FilterStatus result = invoke(i, "response_body", () -> filters[index].onResponseBody(this, chunk));
            if (result == FilterStatus.REPLIED || replied) {
                chunk.content.release();
                return null;
            }
        }
        return chunk.content;
    }

    /** Runs the request-trailers phase, in chain order. */
    void runRequestTrailers(HttpHeaders trailers) {
        for (int i = 0; i < Math.min(next, filters.length); i++) {
            int index = i;
            invoke(i, "request_trailers", () -> filters[index].onRequestTrailers(this, trailers));
        }
    }

    /** Runs the response-trailers phase, last filter first. */
    void runResponseTrailers(HttpHeaders trailers) {
        for (int i = Math.min(next, filters.length) - 1; i >= 0; i--) {
            int index = i;
            invoke(i, "response_trailers", () -> filters[index].onResponseTrailers(this, trailers));
        }
    }

    /** A body piece handed to filters; replacements are checked against the message's framing. */
    private final class Chunk implements BodyChunk {
        private ByteBuf content;
        private final boolean endOfStream;
        private final boolean resizable;

        Chunk(ByteBuf content, boolean endOfStream, boolean resizable) {
            this.content = content;
            this.endOfStream = endOfStream;
            this.resizable = resizable;
        }

        @Override
        public ByteBuf content() {
            return content;
        }

        @Override
        public void replace(ByteBuf replacement) {
            if (!resizable && replacement.readableBytes() != content.readableBytes()) {
                replacement.release();
                throw new IllegalStateException("a streamed body with a Content-Length cannot change size; "
                        + "ask for buffering (bufferResponseBody) to rewrite it");
            }
            content.release();
            content = replacement;
            markModified();
        }

        @Override
        public boolean endOfStream() {
            return endOfStream;
        }
    }

    @Override
    public void bufferResponseBody(int maxBytes, BodyLimit overLimit) {
        responseLimit = Math.max(responseLimit, maxBytes);
        responseOverLimit = java.util.Objects.requireNonNull(overLimit, "overLimit");
    }

    /** The request is over: every filter that ran gets its log call. */
    void runLog() {
        finishPausedSpan("stop"); // abandoned while a filter waited
        if (responseBuffer != null) {
            responseBuffer.release();
            responseBuffer = null;
        }
        if (requestBuffer != null) {
            requestBuffer.release();
            requestBuffer = null;
        }
        for (int i = 0; i < Math.min(next, filters.length); i++) {
            int index = i;
            invoke(i, "log", () -> {
                filters[index].onLog(this);
                return FilterStatus.CONTINUE;
            });
        }
    }

    private interface Phase {
        FilterStatus run();
    }

    private FilterStatus invoke(int index, String phase, Phase call) {
        return invoke(index, phase, false, call);
    }

    /** @param pausable the caller pauses the phase on STOP, so the trace entry waits for the outcome */
    private FilterStatus invoke(int index, String phase, boolean pausable, Phase call) {
        boolean logPhase = "log".equals(phase);
        modified = false;
        notes = List.of();
        repliedInThisCall = false;
        inFilter = true;
        current = index;
        long start = System.nanoTime();
        FilterStatus status;
        String verdict;
        try {
            status = call.run();
            if (status == null) {
                throw new IllegalStateException("filter returned no status");
            }
            verdict = repliedInThisCall ? "reject" : modified ? "modify" : "continue";
            if (repliedInThisCall) {
                status = FilterStatus.REPLIED;
            }
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            verdict = "error";
            annotate("error", e.toString());
            logFailure(chain.get(index).name(), e);
            owner.filterFailed(chain.get(index).name());
            status = logPhase ? FilterStatus.CONTINUE : FilterStatus.REPLIED;
            if (!logPhase && !replied) {
                replied = true;
                pendingReply = new Reply(500, "filter '" + chain.get(index).name() + "' failed",
                        EmptyHttpHeaders.INSTANCE, false, true);
            }
        } finally {
            inFilter = false;
        }
        if (status == FilterStatus.STOP && pausable && !replied) {
            pausedSpan = new PausedSpan(index, phase, start); // notes made while paused join this entry
            return status;
        }
        owner.trace().filterSpan(new Trace.FilterSpan(chain.get(index).name(), phase, verdict,
                System.nanoTime() - start, notes));
        if (pendingReply != null) {
            Reply reply = pendingReply;
            pendingReply = null;
            send(reply);
        }
        return status;
    }

    private void send(Reply reply) {
        owner.filterReplied(reply.status(), reply.body(), reply.headers(), reply.json(), reply.failure());
    }

    /** One log line per filter per 10 s at most: a broken filter must not flood the log at request rate. */
    private static void logFailure(String filter, Throwable e) {
        long now = System.nanoTime();
        Long last = LAST_LOGGED.get(filter);
        if (last == null || now - last > LOG_INTERVAL_NANOS) {
            LAST_LOGGED.put(filter, now);
            log.warn("filter '{}' threw {}; its requests get a 500 FE (counted in gatehouse_filter_errors_total)",
                    filter, e.toString());
        }
    }

    // ---------------------------------------------------------------- FilterContext

    @Override
    public HttpRequest request() {
        return owner.request();
    }

    @Override
    public String requestId() {
        return owner.requestId();
    }

    @Override
    public String clientAddress() {
        return owner.clientAddress();
    }

    @Override
    public String route() {
        return owner.route();
    }

    @Override
    public void annotate(String key, String value) {
        if (notes.isEmpty()) {
            notes = new ArrayList<>(4);
        }
        notes.add(key);
        notes.add(value);
    }

    @Override
    public void markModified() {
        modified = true;
    }

    @Override
    public void consumer(String name) {
        consumer = name == null ? "" : name;
        owner.trace().consumer(consumer);
    }

    @Override
    public String consumer() {
        return consumer;
    }

    @Override
    public void tokenClaims(Function<String, String> claimText) {
        tokenClaims = claimText;
    }

    @Override
    public String tokenClaim(String name) {
        return tokenClaims == null ? null : tokenClaims.apply(name);
    }

    /** Writes the trace entry of the phase a filter paused, now that it has an outcome. */
    private void finishPausedSpan(String verdict) {
        PausedSpan span = pausedSpan;
        if (span == null) {
            return;
        }
        pausedSpan = null;
        owner.trace().filterSpan(new Trace.FilterSpan(chain.get(span.index()).name(), span.phase(), verdict,
                System.nanoTime() - span.startNanos(), notes));
        notes = List.of();
        modified = false;
    }

    @Override
    public FilterStatus reply(int status, String body, HttpHeaders extraHeaders) {
        return reply(status, body, extraHeaders, false);
    }

    @Override
    public FilterStatus replyError(int status, String error, HttpHeaders extraHeaders) {
        return reply(status, error, extraHeaders, true);
    }

    private FilterStatus reply(int status, String body, HttpHeaders extraHeaders, boolean json) {
        if (!owner.eventLoop().inEventLoop()) {
            owner.eventLoop().execute(() -> reply(status, body, extraHeaders, json));
            return FilterStatus.REPLIED;
        }
        if (!replied) {
            replied = true;
            paused = false;
            repliedInThisCall = inFilter;
            Reply reply = new Reply(status, body, extraHeaders == null ? EmptyHttpHeaders.INSTANCE : extraHeaders, json, false);
            finishPausedSpan("reject");
            if (inFilter) {
                pendingReply = reply; // sent when the filter method returns, so its trace entry comes first
            } else {
                send(reply);
            }
        }
        return FilterStatus.REPLIED;
    }

    @Override
    public void resume() {
        if (!owner.eventLoop().inEventLoop()) {
            owner.eventLoop().execute(this::resume); // async work finished on another thread
            return;
        }
        if (replied) {
            return;
        }
        finishPausedSpan(modified ? "modify" : "continue");
        if (responsePaused) {
            responsePaused = false;
            if (continueResponseHeaders(true) == FilterStatus.CONTINUE) {
                owner.responseFiltersDone();
            }
            return;
        }
        if (!paused) {
            return;
        }
        paused = false;
        FilterStatus status = runRequestHeaders();
        if (status == FilterStatus.CONTINUE) {
            owner.requestFiltersDone();
        }
    }

    @Override
    public Executor eventLoop() {
        return owner.eventLoop();
    }

    boolean isPaused() {
        return paused;
    }
}
