package dev.gatehouse.engine.filters.jwt;

/**
 * The result of checking a request's token: either a {@link VerifiedJwt} or a
 * {@link JwtRejection} that says which HTTP response to send. Verification reports every problem
 * as a rejection and never throws, so no token can turn into a 500.
 */
public sealed interface JwtOutcome permits VerifiedJwt, JwtRejection {

    /** True when the request may proceed. */
    boolean isVerified();
}
