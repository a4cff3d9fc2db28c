package dev.gatehouse.engine.filters.cors;

import dev.gatehouse.engine.filter.FilterContext;
import dev.gatehouse.engine.filter.FilterStatus;
import dev.gatehouse.engine.filter.HttpFilter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Objects;

/**
 * One request under a {@link CorsPolicy}: a preflight is answered here (204, or 403 when the origin,
 * method or headers are not allowed); an actual request from an allowed origin gets the CORS headers
 * on its response. Requests without Origin are not CORS requests and pass untouched.
 */
final class CorsFilter implements HttpFilter {
    private static final String ORIGIN = "origin";
    private static final String REQUEST_METHOD = "access-control-request-method";
    private static final String REQUEST_HEADERS = "access-control-request-headers";
    private static final String ALLOW_ORIGIN = "access-control-allow-origin";
    private static final String ALLOW_CREDENTIALS = "access-control-allow-credentials";
    private static final String ALLOW_METHODS = "access-control-allow-methods";
    private static final String ALLOW_HEADERS = "access-control-allow-headers";
    private static final String EXPOSE_HEADERS = "access-control-expose-headers";
    private static final String MAX_AGE = "access-control-max-age";

    private final CorsPolicy policy;
    /** The origin of an actual CORS request: whether the response phase adds headers, and which ones. */
    private String origin;
    private boolean allowed;

    CorsFilter(CorsPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
        origin = headers.get(ORIGIN);
        if (origin == null) {
            return FilterStatus.CONTINUE;
        }
        allowed = policy.allowsOrigin(origin);
        ctx.annotate("origin", origin);
        String requestedMethod = headers.get(REQUEST_METHOD);
        if (HttpMethod.OPTIONS.equals(ctx.request().method()) && requestedMethod != null) {
            return preflight(ctx, requestedMethod, headers.get(REQUEST_HEADERS));
        }
        ctx.annotate("allowed", Boolean.toString(allowed));
        return FilterStatus.CONTINUE;
    }

    @Override
    public FilterStatus onResponseHeaders(FilterContext ctx, int status, HttpHeaders headers) {
        if (origin == null) {
            return FilterStatus.CONTINUE;
        }
        if (!allowed) {
            // The gateway speaks for CORS here: an upstream's own grant must not reach a refused origin.
            if (headers.contains(ALLOW_ORIGIN) || headers.contains(ALLOW_CREDENTIALS) || headers.contains(EXPOSE_HEADERS)) {
                headers.remove(ALLOW_ORIGIN).remove(ALLOW_CREDENTIALS).remove(EXPOSE_HEADERS);
                ctx.markModified();
            }
            return FilterStatus.CONTINUE;
        }
        grant(headers);
        if (!policy.exposed().isEmpty()) {
            headers.set(EXPOSE_HEADERS, policy.exposeHeaders);
        }
        ctx.markModified();
        return FilterStatus.CONTINUE;
    }

    private FilterStatus preflight(FilterContext ctx, String method, String requestedHeaders) {
        ctx.annotate("preflight", method);
        if (!allowed) {
            return ctx.replyError(403, "CORS preflight refused: origin " + origin + " is not allowed", null);
        }
        if (!policy.allowsMethod(method)) {
            return ctx.replyError(403, "CORS preflight refused: method " + method + " is not allowed", null);
        }
        if (!policy.allowsHeaders(requestedHeaders)) {
            return ctx.replyError(403, "CORS preflight refused: headers " + requestedHeaders + " are not all allowed", null);
        }
        HttpHeaders reply = new DefaultHttpHeaders();
        grant(reply);
        reply.set(ALLOW_METHODS, policy.allowMethods);
        if (requestedHeaders != null && !policy.allowHeaders.isEmpty()) {
            reply.set(ALLOW_HEADERS, policy.allowHeaders);
        }
        if (policy.maxAgeSeconds() >= 0) {
            reply.set(MAX_AGE, Long.toString(policy.maxAgeSeconds()));
        }
        // A cached preflight answer depends on what was asked, not only on who asked.
        reply.add("vary", "access-control-request-method");
        reply.add("vary", "access-control-request-headers");
        return ctx.reply(204, "", reply);
    }

    /** The headers both preflight answers and actual responses carry for an allowed origin. */
    private void grant(HttpHeaders headers) {
        headers.set(ALLOW_ORIGIN, policy.allowOriginFor(origin));
        if (policy.allowCredentials()) {
            headers.set(ALLOW_CREDENTIALS, "true");
        }
        if (policy.variesByOrigin()) {
            headers.add("vary", "origin");
        }
    }
}
