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
    /** Notes one trace span keeps, at most. */
    private static final int MAX_NOTES = 32;
    /** What a watcher may hold with BUFFER when it did not say (the plain watch calls). */
    static final int DEFAULT_MAX_HELD_BYTES = 1024 * 1024;
    /** Chunks that queue behind a paused stream: reads stop, so only one read batch or so lands here. */
    private static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;

    /** What the run needs from its exchange. */
    interface Owner {
        HttpRequest request();

        String requestId();

        String clientAddress();

        /** The downstream connection's facts; may be built on each call (the run keeps the first). */
        dev.gatehouse.engine.filter.ConnectionInfo connectionInfo();

        String route();

        Trace trace();

        EventExecutor eventLoop();

        /** The response-headers phase, paused by a filter, has finished: send the response on. */
        void responseFiltersDone();

        /** All request filters said continue: go on to the route's action. */
        void requestFiltersDone();

        /**
         * A watched body chunk has passed every watching filter (ownership included): send it on.
         *
         * @param request true for the request body, false for the response body
         */
        void bodyFiltered(boolean request, ByteBuf content, boolean endOfStream);

        /** A watching filter paused the stream (stop reading its source) or it flows again (read on). */
        void bodyStreamPaused(boolean request, boolean paused);

        /** A watching filter buffered more than it may hold: the exchange fails the request. */
        void bodyOverflow(boolean request);

        /** Counts a filter that threw. */
        void filterFailed(String filter);

        /**
         * A filter answered the request itself.
         *
         * @param json the body is an error message for the gateway's JSON error document, not the body itself
         */
        void filterReplied(int status, String body, HttpHeaders headers, boolean json, boolean failure, ResponseFlag flag);
    }

    private final Owner owner;
    private final List<ConfiguredFilter> chain;
    private final HttpFilter[] filters;
    /** Which phases each filter implements: the others are skipped, untraced. */
    private final FilterPhases[] phases;
    private dev.gatehouse.engine.filter.ConnectionInfo connection;
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
    private WatchedStream requestStream;
    private WatchedStream responseStream;
    /** A whole body passing the filters (at most one at a time), kept while a filter pauses it. */
    private WholeBody wholeBody;
    private int requestLimit = -1;
    private BodyLimit requestOverLimit = BodyLimit.REJECT;
    private boolean requestPassThrough;
    private CompositeByteBuf requestBuffer;
    private int responseLimit = -1;
    private BodyLimit responseOverLimit = BodyLimit.REJECT;
    private boolean responsePassThrough;
    private CompositeByteBuf responseBuffer;

    private record Reply(int status, String body, HttpHeaders headers, boolean json, boolean failure, ResponseFlag flag) {
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
        this.phases = new FilterPhases[chain.size()];
        for (int i = 0; i < filters.length; i++) {
            filters[i] = chain.get(i).factory().newFilter();
            phases[i] = FilterPhases.of(filters[i]);
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
            if (!phases[i].requestHeaders()) {
                continue;
            }
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
            if (!phases[index].responseHeaders()) {
                continue;
            }
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
        return requestStream != null;
    }

    boolean watchesResponseBody() {
        return responseStream != null;
    }

    /** True when a request-body watcher may change the body's length (the exchange drops Content-Length). */
    boolean resizesRequestBody() {
        return requestStream != null && requestStream.resizes;
    }

    /** True when a response-body watcher may change the body's length (the exchange drops Content-Length). */
    boolean resizesResponseBody() {
        return responseStream != null && responseStream.resizes;
    }

    /** True while a response-body watcher has paused the stream (the upstream must not be read). */
    boolean responseStreamPaused() {
        return responseStream != null && responseStream.paused();
    }

    /**
     * Hands one request chunk (ownership included) to the watching filters, in chain order. What they
     * let through reaches {@link Owner#bodyFiltered}, now or after a pause; nothing does when one answered.
     */
    void offerRequestChunk(ByteBuf content, boolean endOfStream, boolean resizable) {
        requestStream.offer(content, endOfStream, resizable);
    }

    /** Like {@link #offerRequestChunk}, for a response chunk, last filter first. */
    void offerResponseChunk(ByteBuf content, boolean endOfStream, boolean resizable) {
        responseStream.offer(content, endOfStream, resizable);
    }

    /** One chunk through one filter, timed into a per-stream total. */
    private FilterStatus streamed(int index, String phase, Chunk chunk, boolean request) {
        WatchedStream stream = request ? requestStream : responseStream;
        long start = System.nanoTime();
        FilterStatus status;
        String verdict;
        modified = false;
        repliedInThisCall = false;
        inFilter = true;
        current = index;
        notes = stream.notes[index]; // a stream's notes gather over its chunks, into its one span
        try {
            status = request ? filters[index].onRequestBody(this, chunk) : filters[index].onResponseBody(this, chunk);
            if (status == null) {
                throw new IllegalStateException("filter returned no status");
            }
            verdict = repliedInThisCall ? "reject" : modified ? "modify"
                    : status == FilterStatus.STOP ? "pause" : status == FilterStatus.BUFFER ? "buffer" : "continue";
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            verdict = "error";
            status = FilterStatus.REPLIED;
            logFailure(chain.get(index).name(), e);
            owner.filterFailed(chain.get(index).name());
            if (!replied) {
                replied = true;
                pendingReply = new Reply(500, "filter '" + chain.get(index).name() + "' failed",
                        EmptyHttpHeaders.INSTANCE, false, true, null);
            }
        } finally {
            inFilter = false;
        }
        stream.notes[index] = notes;
        stream.nanos[index] += System.nanoTime() - start;
        stream.chunks[index]++;
        if (!verdict.equals("continue") && !stream.verdicts[index].equals("modify")) {
            stream.verdicts[index] = verdict; // "modify" outranks a later pause or buffer
        }
        boolean answered = repliedInThisCall || status == FilterStatus.REPLIED || pendingReply != null || replied;
        if (chunk.endOfStream && status == FilterStatus.CONTINUE || answered) {
            List<String> spanNotes = new ArrayList<>(2 + notes.size());
            spanNotes.add("chunks");
            spanNotes.add(Integer.toString(stream.chunks[index]));
            spanNotes.addAll(notes);
            owner.trace().filterSpan(new Trace.FilterSpan(chain.get(index).name(), phase,
                    stream.verdicts[index], stream.nanos[index], spanNotes));
        }
        if (pendingReply != null) {
            Reply reply = pendingReply;
            pendingReply = null;
            send(reply);
        }
        return answered ? FilterStatus.REPLIED : status;
    }

    @Override
    public void watchRequestBody() {
        watchRequestBody(DEFAULT_MAX_HELD_BYTES, false);
    }

    @Override
    public void watchResponseBody() {
        watchResponseBody(DEFAULT_MAX_HELD_BYTES, false);
    }

    @Override
    public void watchRequestBody(int maxHeldBytes, boolean mayResize) {
        if (requestStream == null) {
            requestStream = new WatchedStream(true);
        }
        requestStream.watch(current, maxHeldBytes, mayResize);
    }

    @Override
    public void watchResponseBody(int maxHeldBytes, boolean mayResize) {
        if (responseStream == null) {
            responseStream = new WatchedStream(false);
        }
        responseStream.watch(current, maxHeldBytes, mayResize);
    }

    /**
     * One direction of a watched body: which filters watch it, what each holds after answering
     * {@link FilterStatus#BUFFER}, where a {@link FilterStatus#STOP} left a chunk, and the chunks that
     * arrived behind it (bounded: the exchange stops reading its source while the stream is paused).
     */
    private final class WatchedStream {
        private static final int NONE = Integer.MIN_VALUE;
        private final boolean request;
        private final String phase;
        private final boolean[] watching = new boolean[filters.length];
        private final int[] maxHeld = new int[filters.length];
        private final long[] nanos = new long[filters.length];
        private final int[] chunks = new int[filters.length];
        private final String[] verdicts = new String[filters.length];
        @SuppressWarnings("unchecked")
        private final List<String>[] notes = new List[filters.length];
        private final CompositeByteBuf[] held = new CompositeByteBuf[filters.length];
        private boolean resizes;
        private int pausedAt = NONE;
        private ByteBuf pausedContent;
        private boolean pausedEos;
        private boolean resizable;
        private java.util.ArrayDeque<ByteBuf> queued;
        private boolean queuedEos;
        private long queuedBytes;
        private boolean ended;
        /** A filter answered or the stream overflowed: everything held was released. */
        private boolean closed;

        WatchedStream(boolean request) {
            this.request = request;
            this.phase = request ? "request_body" : "response_body";
            java.util.Arrays.fill(verdicts, "continue");
            java.util.Arrays.fill(notes, List.of());
        }

        void watch(int index, int maxHeldBytes, boolean mayResize) {
            watching[index] = true;
            maxHeld[index] = Math.max(maxHeld[index], maxHeldBytes);
            resizes |= mayResize;
        }

        boolean paused() {
            return pausedAt != NONE;
        }

        void offer(ByteBuf content, boolean eos, boolean canResize) {
            resizable = canResize;
            if (ended || replied) {
                content.release();
                return;
            }
            if (paused() || queued != null && !queued.isEmpty()) {
                if (queued == null) {
                    queued = new java.util.ArrayDeque<>(4);
                }
                queued.add(content);
                queuedEos = eos;
                queuedBytes += content.readableBytes();
                if (queuedBytes > MAX_QUEUED_BYTES) {
                    end();
                    owner.bodyOverflow(request);
                }
                return;
            }
            run(content, eos, first());
        }

        /** Continues after a STOP; then drains what queued meanwhile. */
        void resume() {
            if (!paused()) {
                return;
            }
            int from = pausedAt + step();
            ByteBuf content = pausedContent;
            pausedAt = NONE;
            pausedContent = null;
            run(content, pausedEos, from);
            while (!paused() && !ended && queued != null && !queued.isEmpty()) {
                ByteBuf next = queued.poll();
                queuedBytes -= next.readableBytes();
                run(next, queued.isEmpty() && queuedEos, first());
            }
            if (!paused() && !closed) {
                owner.bodyStreamPaused(request, false); // also after the last chunk: it must be flushed
            }
        }

        private int first() {
            return request ? 0 : filters.length - 1;
        }

        private int step() {
            return request ? 1 : -1;
        }

        private void run(ByteBuf content, boolean eos, int from) {
            for (int i = from; i >= 0 && i < filters.length; i += step()) {
                if (!watching[i]) {
                    continue;
                }
                ByteBuf input = content;
                if (held[i] != null) {
                    input = held[i].addComponent(true, content);
                    held[i] = null;
                }
                var chunk = new Chunk(input, eos, resizable);
                FilterStatus status = streamed(i, phase, chunk, request);
                if (status == FilterStatus.REPLIED) {
                    chunk.content.release();
                    end();
                    return;
                }
                content = chunk.content;
                if (status == FilterStatus.BUFFER && !eos) {
                    // The body gathered so far comes back as the same flat composite: never nest one in another.
                    CompositeByteBuf kept = content == input && input instanceof CompositeByteBuf gathered
                            && gathered.maxNumComponents() == Integer.MAX_VALUE
                            ? gathered : Unpooled.compositeBuffer(Integer.MAX_VALUE).addComponent(true, content);
                    held[i] = kept;
                    if (kept.readableBytes() > maxHeld[i]) {
                        end();
                        owner.bodyOverflow(request);
                    }
                    return;
                }
                if (status == FilterStatus.STOP || status == FilterStatus.BUFFER) {
                    pausedAt = i;
                    pausedContent = content;
                    pausedEos = eos;
                    owner.bodyStreamPaused(request, true);
                    return;
                }
            }
            if (eos) {
                ended = true;
            }
            owner.bodyFiltered(request, content, eos);
        }

        /** Releases everything held; nothing more passes. */
        void end() {
            ended = true;
            closed = true;
            for (int i = 0; i < held.length; i++) {
                if (held[i] != null) {
                    held[i].release();
                    held[i] = null;
                }
            }
            if (pausedContent != null) {
                pausedContent.release();
                pausedContent = null;
            }
            pausedAt = NONE;
            if (queued != null) {
                queued.forEach(ByteBuf::release);
                queued.clear();
            }
        }
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

    /**
     * Runs the request-body phase over the whole body, in chain order, then hands the result (owned by
     * the receiver) to {@code then}: at once, or after a filter paused (STOP) and resumed. Nothing is
     * handed on when a filter answered.
     */
    void runRequestBody(ByteBuf content, java.util.function.Consumer<ByteBuf> then) {
        wholeBody = new WholeBody(true, new Chunk(content, true, true), then);
        wholeBody.run(0);
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

    /** Like {@link #runRequestBody}, for the whole buffered response body, last filter first. */
    void runResponseBody(ByteBuf content, java.util.function.Consumer<ByteBuf> then) {
        wholeBody = new WholeBody(false, new Chunk(content, true, true), then);
        wholeBody.run(Math.min(next, filters.length) - 1);
    }

    /** A whole (buffered) body on its way through the filters; a filter may pause it. */
    private final class WholeBody {
        private final boolean request;
        private final Chunk chunk;
        private final java.util.function.Consumer<ByteBuf> then;
        private int pausedAt = -1;

        WholeBody(boolean request, Chunk chunk, java.util.function.Consumer<ByteBuf> then) {
            this.request = request;
            this.chunk = chunk;
            this.then = then;
        }

        void run(int from) {
            int end = Math.min(next, filters.length);
            for (int i = from; i >= 0 && i < end; i += request ? 1 : -1) {
                int index = i;
                FilterStatus result = invoke(i, request ? "request_body" : "response_body", true, () -> request
                        ? filters[index].onRequestBody(FilterRun.this, chunk)
                        : filters[index].onResponseBody(FilterRun.this, chunk));
                if (result == FilterStatus.REPLIED || replied) {
                    release();
                    return;
                }
                if (result == FilterStatus.STOP) {
                    pausedAt = i;
                    return;
                }
            }
            wholeBody = null;
            then.accept(chunk.content);
        }

        boolean paused() {
            return pausedAt >= 0;
        }

        void resume() {
            int from = pausedAt + (request ? 1 : -1);
            pausedAt = -1;
            run(from);
        }

        void release() {
            wholeBody = null;
            if (chunk.content.refCnt() > 0) {
                chunk.content.release();
            }
        }
    }

    /** Runs the request-trailers phase, in chain order. */
    void runRequestTrailers(HttpHeaders trailers) {
        for (int i = 0; i < Math.min(next, filters.length); i++) {
            if (!phases[i].requestTrailers()) {
                continue;
            }
            int index = i;
            invoke(i, "request_trailers", () -> filters[index].onRequestTrailers(this, trailers));
        }
    }

    /** Runs the response-trailers phase, last filter first. */
    void runResponseTrailers(HttpHeaders trailers) {
        for (int i = Math.min(next, filters.length) - 1; i >= 0; i--) {
            if (!phases[i].responseTrailers()) {
                continue;
            }
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
        if (requestStream != null) {
            requestStream.end();
        }
        if (responseStream != null) {
            responseStream.end();
        }
        if (wholeBody != null) {
            wholeBody.release();
        }
        if (responseBuffer != null) {
            responseBuffer.release();
            responseBuffer = null;
        }
        if (requestBuffer != null) {
            requestBuffer.release();
            requestBuffer = null;
        }
        for (int i = 0; i < Math.min(next, filters.length); i++) {
            if (!phases[i].log()) {
                continue;
            }
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
                        EmptyHttpHeaders.INSTANCE, false, true, null);
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
        owner.filterReplied(reply.status(), reply.body(), reply.headers(), reply.json(), reply.failure(), reply.flag());
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
    public dev.gatehouse.engine.filter.ConnectionInfo connection() {
        if (connection == null) {
            connection = owner.connectionInfo();
        }
        return connection;
    }

    @Override
    public String route() {
        return owner.route();
    }

    @Override
    public void annotate(String key, String value) {
        if (notes.isEmpty()) {
            notes = new ArrayList<>(4);
        } else if (notes.size() >= MAX_NOTES * 2) {
            return; // a span's notes are a summary, not a log: a chatty filter is cut off
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

    @Override
    public FilterStatus replyError(int status, String error, HttpHeaders extraHeaders, String responseFlag) {
        ResponseFlag flag = ResponseFlag.ofCode(responseFlag);
        if (flag == null) {
            throw new IllegalArgumentException("unknown response flag '" + responseFlag + "'");
        }
        return reply(status, error, extraHeaders, true, flag);
    }

    private FilterStatus reply(int status, String body, HttpHeaders extraHeaders, boolean json) {
        return reply(status, body, extraHeaders, json, null);
    }

    private FilterStatus reply(int status, String body, HttpHeaders extraHeaders, boolean json, ResponseFlag flag) {
        if (!owner.eventLoop().inEventLoop()) {
            owner.eventLoop().execute(() -> reply(status, body, extraHeaders, json, flag));
            return FilterStatus.REPLIED;
        }
        if (!replied) {
            replied = true;
            paused = false;
            repliedInThisCall = inFilter;
            Reply reply = new Reply(status, body, extraHeaders == null ? EmptyHttpHeaders.INSTANCE : extraHeaders, json,
                    false, flag);
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
        if (wholeBody != null && wholeBody.paused()) {
            wholeBody.resume();
            return;
        }
        if (requestStream != null && requestStream.paused()) {
            requestStream.resume();
            return;
        }
        if (responseStream != null && responseStream.paused()) {
            responseStream.resume();
            return;
        }
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
