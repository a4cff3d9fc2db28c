package dev.gatehouse.engine.filters.ratelimit;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.StringJoiner;

/**
 * The headers that tell a client where it stands. The customary {@code X-RateLimit-Limit /
 * -Remaining / -Reset} describe the tightest bucket: its capacity, its whole tokens left, and the
 * seconds until it is full again (a delay, as Envoy sends it, not a date). The IETF draft's
 * {@code RateLimit-Policy} and {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers, structured
 * fields) list every limit that applied, tightest first: {@code "per-consumer";q=5;w=60} (quota per
 * window of seconds) and {@code "per-consumer";r=4;t=12} (remaining, seconds to reset). A 429 also
 * gets {@code Retry-After}: whole seconds until the rejecting bucket has a token.
 */
final class RateLimitHeaders {
    static final String LIMIT = "x-ratelimit-limit";
    static final String REMAINING = "x-ratelimit-remaining";
    static final String RESET = "x-ratelimit-reset";
    static final String POLICY = "ratelimit-policy";
    static final String RATELIMIT = "ratelimit";
    static final String RETRY_AFTER = "retry-after";

    private RateLimitHeaders() {
    }

    /** Sets the headers for a decision (replacing any the upstream sent). */
    static void apply(Decision decision, HttpHeaders headers) {
        BucketOutcome tightest = decision.tightest();
        headers.set(LIMIT, Long.toString(tightest.charge().rate().burst()));
        headers.set(REMAINING, Long.toString(tightest.remaining()));
        headers.set(RESET, Long.toString(seconds(tightest.resetAfterNanos())));
        StringJoiner policy = new StringJoiner(", ");
        StringJoiner current = new StringJoiner(", ");
        policy.add(policyItem(tightest));
        current.add(currentItem(tightest));
        for (BucketOutcome o : decision.outcomes()) {
            if (o != tightest) {
                policy.add(policyItem(o));
                current.add(currentItem(o));
            }
        }
        headers.set(POLICY, policy.toString());
        headers.set(RATELIMIT, current.toString());
        if (!decision.allowed()) {
            headers.set(RETRY_AFTER, Long.toString(Math.max(1, seconds(tightest.retryAfterNanos()))));
        }
    }

    private static String policyItem(BucketOutcome o) {
        Rate rate = o.charge().rate();
        return quoted(o.charge().limit()) + ";q=" + rate.requests() + ";w=" + rate.windowSeconds();
    }

    private static String currentItem(BucketOutcome o) {
        return quoted(o.charge().limit()) + ";r=" + o.remaining() + ";t=" + seconds(o.resetAfterNanos());
    }

    /** Whole seconds, rounded up: a client that waits that long is not early. */
    static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /** A structured-field string (RFC 8941): limit names are plain ASCII, but escape to be safe. */
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.append('"').toString();
    }
}
