package dev.gatehouse.engine.filters.jwt;

/**
 * Why a token was refused, with the HTTP status and RFC 6750 error code each reason maps to.
 * The descriptions go to the client in {@code error_description}, so they name the problem
 * without echoing anything from the token or the gateway's configuration.
 */
public enum JwtFailure {
    /** No token where any of the route's providers looks. RFC 6750 §3.1: no error code then. */
    MISSING_TOKEN(401, null, "no token"),
    /** More than one token (say, two Authorization headers); RFC 6750 §2 allows exactly one. */
    AMBIGUOUS_TOKEN(400, "invalid_request", "more than one token in the request"),
    /** Not a compact JWS: wrong segment count, bad base64url, bad JSON, too large. */
    MALFORMED(401, "invalid_token", "malformed token"),
    /** A JWE (five segments, or an {@code enc} header) where a signed token is expected. */
    ENCRYPTED(401, "invalid_token", "encrypted tokens are not accepted"),
    /** {@code alg: none}: an unsigned token. */
    UNSIGNED(401, "invalid_token", "unsigned tokens are not accepted"),
    /** An {@code alg} the provider does not allow. */
    ALGORITHM_NOT_ALLOWED(401, "invalid_token", "signing algorithm not accepted"),
    /** A {@code crit} header (or {@code b64}) naming an extension the gateway does not implement. */
    CRITICAL_HEADER(401, "invalid_token", "unsupported critical header"),
    /** A key or key reference in the header ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}). */
    EMBEDDED_KEY(401, "invalid_token", "embedded keys are not accepted"),
    /** No configured key fits: unknown {@code kid} even after a refetch, or no key of the algorithm's type. */
    UNKNOWN_KEY(401, "invalid_token", "signing key not found"),
    /** No keys could be loaded from the provider's key source. */
    KEYS_UNAVAILABLE(401, "invalid_token", "signing keys unavailable"),
    /** The signature does not verify. */
    BAD_SIGNATURE(401, "invalid_token", "invalid signature"),
    /** The claims are not a valid JWT claims set (wrong types, not JSON). */
    MALFORMED_CLAIMS(401, "invalid_token", "malformed claims"),
    /** {@code iss} is not the provider's issuer. */
    WRONG_ISSUER(401, "invalid_token", "issuer not accepted"),
    /** {@code aud} names none of the provider's audiences. */
    WRONG_AUDIENCE(401, "invalid_token", "audience not accepted"),
    /** No {@code exp}: a token that never expires is not accepted. */
    NO_EXPIRY(401, "invalid_token", "token has no expiry"),
    /** {@code exp} is past, beyond the clock skew. */
    EXPIRED(401, "invalid_token", "token expired"),
    /** {@code nbf} is ahead, beyond the clock skew. */
    NOT_YET_VALID(401, "invalid_token", "token not yet valid"),
    /** {@code iat} is ahead, beyond the clock skew. */
    ISSUED_IN_FUTURE(401, "invalid_token", "token issued in the future"),
    /** Verification broke in a way none of the above describes; the detail says how. */
    UNVERIFIABLE(401, "invalid_token", "token could not be verified"),
    /** A valid token without a scope the route requires. */
    INSUFFICIENT_SCOPE(403, "insufficient_scope", "insufficient scope"),
    /** A valid token without a claim value the route requires. */
    CLAIM_MISMATCH(403, "insufficient_scope", "required claim not present");

    private final int status;
    private final String errorCode;
    private final String description;

    JwtFailure(int status, String errorCode, String description) {
        this.status = status;
        this.errorCode = errorCode;
        this.description = description;
    }

    /** 400, 401 or 403. */
    public int status() {
        return status;
    }

    /** The RFC 6750 {@code error} attribute, or null for {@link #MISSING_TOKEN}. */
    public String errorCode() {
        return errorCode;
    }

    /** What the client is told in {@code error_description}. */
    public String description() {
        return description;
    }
}
