package dev.gatehouse.engine.filters.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.filter.FilterContext;
import dev.gatehouse.engine.filter.FilterSetup;
import dev.gatehouse.engine.filter.FilterStatus;
import dev.gatehouse.engine.filter.HttpFilter;
import dev.gatehouse.engine.filter.HttpFilterFactory;
import dev.gatehouse.engine.filter.HttpFilterProvider;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Type {@code jwt_authn}: requests must carry a JWT that one of the configured providers verifies.
 * Missing or invalid → 401 with {@code WWW-Authenticate: Bearer ...}; valid but lacking a required
 * scope or claim → 403. Verification never blocks the event loop: with keys cached it completes at
 * once, otherwise (a JWKS fetch) the request pauses and resumes on its loop.
 */
public final class JwtAuthnFilterProvider implements HttpFilterProvider {
    @Override
    public String type() {
        return "jwt_authn";
    }

    @Override
    public List<ConfigProblem> validate(JsonNode config) {
        List<ConfigProblem> problems = new ArrayList<>();
        JwtAuthnSettings.read(config, problems);
        return problems;
    }

    @Override
    public HttpFilterFactory factory(FilterSetup setup) {
        List<ConfigProblem> problems = new ArrayList<>();
        JwtAuthnSettings settings = JwtAuthnSettings.read(setup.config(), problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("filter '" + setup.name() + "': " + problems);
        }
        var fetches = setup.metrics().counter("gatehouse_jwks_fetches_total",
                "Remote JWKS fetches by jwt_authn provider and result (fetched, failed, suppressed)",
                "filter", "provider", "result");
        JwksListener counting = new JwksListener() {
            @Override
            public void fetched(String provider, java.net.URI uri, int keyCount) {
                fetches.labelValues(setup.name(), provider, "fetched").inc();
            }

            @Override
            public void fetchFailed(String provider, java.net.URI uri, String reason) {
                fetches.labelValues(setup.name(), provider, "failed").inc();
            }

            @Override
            public void refetchSuppressed(String provider, java.net.URI uri) {
                fetches.labelValues(setup.name(), provider, "suppressed").inc();
            }
        };
        List<JwtVerifier> verifiers = new ArrayList<>();
        for (JwtProvider provider : settings.providers()) {
            JwtVerifier verifier = JwtVerifier.builder(provider).jwksListener(counting).build(); // reads local key files now
            verifier.refreshIfDue(); // starts a remote JWKS fetch in the background, if any
            verifiers.add(verifier);
        }
        JwtAuthenticator authenticator = new JwtAuthenticator(verifiers, "gatehouse");
        authenticator.validate(settings.requirement());
        JwtRequirement requirement = settings.requirement();
        return new HttpFilterFactory() {
            @Override
            public HttpFilter newFilter() {
                return new JwtAuthnFilter(authenticator, requirement);
            }

            @Override
            public String toString() {
                return "jwt_authn{" + setup.name() + ": " + authenticator + ", require=" + requirement + "}";
            }
        };
    }

    /** One request's check. */
    private static final class JwtAuthnFilter implements HttpFilter {
        private final JwtAuthenticator authenticator;
        private final JwtRequirement requirement;

        JwtAuthnFilter(JwtAuthenticator authenticator, JwtRequirement requirement) {
            this.authenticator = authenticator;
            this.requirement = requirement;
        }

        @Override
        public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
            String uri = ctx.request().uri();
            int q = uri.indexOf('?');
            String rawQuery = q < 0 ? null : uri.substring(q + 1);
            CompletionStage<JwtOutcome> pending = authenticator.authenticate(headers, rawQuery, requirement);
            JwtOutcome ready = pending.toCompletableFuture().getNow(null);
            if (ready != null) {
                return decide(ctx, headers, rawQuery, ready);
            }
            ctx.annotate("jwks", "waiting for keys");
            pending.whenComplete((outcome, error) -> ctx.eventLoop().execute(() -> {
                if (error != null) {
                    ctx.replyError(401, "token could not be verified", challenge("Bearer realm=\"gatehouse\""));
                } else if (decide(ctx, headers, rawQuery, outcome) == FilterStatus.CONTINUE) {
                    ctx.resume();
                }
            }));
            return FilterStatus.STOP;
        }

        private FilterStatus decide(FilterContext ctx, HttpHeaders headers, String rawQuery, JwtOutcome outcome) {
            if (outcome instanceof VerifiedJwt jwt) {
                String forwardedQuery = authenticator.forward(jwt, headers, rawQuery);
                if (!java.util.Objects.equals(forwardedQuery, rawQuery)) {
                    String uri = ctx.request().uri();
                    int q = uri.indexOf('?');
                    String path = q < 0 ? uri : uri.substring(0, q);
                    ctx.request().setUri(forwardedQuery == null || forwardedQuery.isEmpty() ? path : path + "?" + forwardedQuery);
                }
                ctx.consumer(jwt.subject());
                ctx.tokenClaims(jwt::claimText);
                ctx.annotate("jwt", jwt.toString());
                ctx.markModified();
                return FilterStatus.CONTINUE;
            }
            JwtRejection rejection = (JwtRejection) outcome;
            ctx.annotate("reason", rejection.failure().name().toLowerCase(java.util.Locale.ROOT));
            ctx.annotate("detail", rejection.detail());
            return ctx.replyError(rejection.status(), rejection.description(), challenge(rejection.wwwAuthenticate()));
        }

        private static HttpHeaders challenge(String value) {
            return new DefaultHttpHeaders().set("www-authenticate", value);
        }
    }
}
