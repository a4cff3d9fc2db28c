package dev.gatehouse.engine.filters.jwt;

/**
 * Internal signal that a check failed; {@link JwtVerifier} turns it into a {@link JwtRejection}
 * at its boundary, so it never reaches a caller. No stack trace: it is an expected outcome, and
 * a stream of bad tokens should not cost a stack walk each.
 */
final class TokenRejected extends Exception {
    private final JwtFailure failure;

    TokenRejected(JwtFailure failure, String detail) {
        super(detail, null, false, false);
        this.failure = failure;
    }

    JwtFailure failure() {
        return failure;
    }

    String detail() {
        return getMessage();
    }
}
