package dev.gatehouse.engine.filter;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** What a filter may see and do for the request it is filtering. Use on the request's event loop only. */
public interface FilterContext {
    /**
     * The request as received (its headers are the live, mutable ones in the request phase). A
     * request-phase filter may also change the URI with {@code setUri}: the route stays the one already
     * chosen; a new query replaces the old one after the route's rewrite, a new path goes upstream as set.
     */
    HttpRequest request();

    String requestId();

    /** The client's address (after trusted X-Forwarded-For hops). */
    String clientAddress();

    /**
     * The downstream connection the request arrived on: addresses, TLS facts, the client certificate.
     * Built on first call (TLS facts once per connection).
     */
    ConnectionInfo connection();

    /** The matched route's name. */
    String route();

    /**
     * Adds a small note to this filter's entry in the request's trace, e.g. "sub" = "user123". A
     * filter that paused may still annotate until it resumes or replies: its entry is written then.
     */
    void annotate(String key, String value);

    /** Marks this phase's verdict as "modify" in the trace (it changed headers or the body). */
    void markModified();

    /**
     * Names who is calling (an API-key consumer, a JWT subject); it shows in the trace and access log
     * and later filters can read it.
     */
    void consumer(String name);

    String consumer();

    /**
     * Publishes the claims of the request's verified token (jwt_authn does) for later filters, e.g.
     * rate limiting by a claim.
     *
     * @param claimText a claim's value as text, null when the token has no such claim
     */
    void tokenClaims(Function<String, String> claimText);

    /** A claim of the request's verified token as text; null without a verified token or that claim. */
    String tokenClaim(String name);

    /**
     * Asks for the request body chunk by chunk, as it streams upstream: the calling filter's
     * {@link HttpFilter#onRequestBody} then runs for every chunk ({@link BodyChunk#endOfStream()} on
     * the last). A chunk may be replaced; when the request has a Content-Length, only by as many bytes.
     * Call it from {@link HttpFilter#onRequestHeaders}.
     */
    void watchRequestBody();

    /**
     * Asks for the response body chunk by chunk, as it streams to the client; like
     * {@link #watchRequestBody()}, from {@link HttpFilter#onResponseHeaders}.
     */
    void watchResponseBody();

    /**
     * Like {@link #watchRequestBody()}, for a filter that may also answer {@link FilterStatus#BUFFER}
     * (holding at most {@code maxHeldBytes}) and, with {@code mayResize}, change the body's length:
     * the gateway then drops the request's Content-Length and sends the body chunked upstream (what
     * Envoy does for filters that rewrite bodies), so a replacement may have any size.
     */
    void watchRequestBody(int maxHeldBytes, boolean mayResize);

    /**
     * Like {@link #watchResponseBody()}, with {@link FilterStatus#BUFFER} and resizing as in
     * {@link #watchRequestBody(int, boolean)}: with {@code mayResize} the client gets the response
     * without Content-Length, chunked on HTTP/1.1, in DATA frames on HTTP/2, close-delimited on HTTP/1.0.
     */
    void watchResponseBody(int maxHeldBytes, boolean mayResize);

    /**
     * Asks for the whole request body in one {@link HttpFilter#onRequestBody} call before the request
     * goes upstream; call it from {@link HttpFilter#onRequestHeaders}. Over the limit, REJECT answers
     * 413 and PASS_THROUGH forwards the body unseen.
     */
    void bufferRequestBody(int maxBytes, BodyLimit overLimit);

    /**
     * Asks for the whole response body in one {@link HttpFilter#onResponseBody} call instead of
     * chunk by chunk; call it from {@link HttpFilter#onResponseHeaders}. The response head is held
     * back until the body is complete.
     *
     * @param maxBytes the most the gateway will hold for this filter
     * @param overLimit what happens to a larger body
     */
    void bufferResponseBody(int maxBytes, BodyLimit overLimit);

    /**
     * Answers the request now with a plain-text body; return the result from the phase. The extra
     * headers are added last, so they may replace the default {@code content-type}.
     */
    FilterStatus reply(int status, String body, HttpHeaders extraHeaders);

    /**
     * Answers the request now with the gateway's own error document,
     * {@code {"status":401,"error":"...","request_id":"..."}}, so that a filter's rejections look like
     * every other local reply; return the result from the phase.
     *
     * @param extraHeaders added to the reply (e.g. {@code www-authenticate}); may be null
     */
    FilterStatus replyError(int status, String error, HttpHeaders extraHeaders);

    /**
     * Like {@link #replyError(int, String, HttpHeaders)}, with an Envoy-style response flag that says
     * why the gateway answered, shown in {@code x-gatehouse-flags}, the trace and the access log.
     *
     * @param responseFlag a flag code the gateway knows, e.g. {@code RL} (rate limited)
     * @throws IllegalArgumentException for an unknown flag code
     */
    FilterStatus replyError(int status, String error, HttpHeaders extraHeaders, String responseFlag);

    /**
     * Continues after the filter that returned {@link FilterStatus#STOP} (or BUFFER at end of stream),
     * with the next filter; in a body phase the chunk or body it held (possibly replaced) goes on,
     * then whatever queued behind it.
     */
    void resume();

    /** The request's event loop: where {@link #resume()} and {@link #reply} must be called. */
    Executor eventLoop();
}
