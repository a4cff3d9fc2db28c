package dev.gatehouse.engine.filters.jwt;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import java.util.Objects;

/**
 * Passes verified claims upstream as request headers ({@link JwtProvider#forwardClaims()}).
 * Every configured header is first removed from the request, whether or not the token has the
 * claim: otherwise a client could send {@code x-user-id: admin} itself and the upstream could not
 * tell it from a gateway-verified value.
 */
public final class ClaimHeaders {
    /** Bounds what one claim can add to the upstream request head. */
    static final int MAX_VALUE_CHARS = 4096;

    private ClaimHeaders() {
    }

    /**
     * Removes every header named in {@code claimToHeader} from {@code headers}, then sets each one
     * whose claim {@code jwt} carries (rendered by {@link VerifiedJwt#claimText}). A value that is
     * not printable ASCII, or longer than {@value #MAX_VALUE_CHARS} characters, is left out rather
     * than mangled: header values are bytes, and a control character could split the header.
     */
    public static void forward(VerifiedJwt jwt, Map<String, String> claimToHeader, HttpHeaders headers) {
        Objects.requireNonNull(jwt, "jwt");
        clear(claimToHeader, headers);
        for (Map.Entry<String, String> e : claimToHeader.entrySet()) {
            String value = jwt.claimText(e.getKey());
            if (value != null && isSendable(value)) {
                headers.set(e.getValue(), value);
            }
        }
    }

    /**
     * Removes every header named in {@code claimToHeader}; for requests that go upstream without a
     * verified token, so that none of these headers arrives unverified.
     */
    public static void clear(Map<String, String> claimToHeader, HttpHeaders headers) {
        Objects.requireNonNull(claimToHeader, "claimToHeader");
        Objects.requireNonNull(headers, "headers");
        for (String header : claimToHeader.values()) {
            headers.remove(header);
        }
    }

    private static boolean isSendable(String value) {
        if (value.length() > MAX_VALUE_CHARS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
