package dev.gatehouse.engine.filters.jwt;

import java.util.Locale;
import java.util.Objects;

/**
 * A refused request: the reason, what the client is told, and what the trace and log are told.
 *
 * @param failure         why
 * @param detail          for traces and logs only, never sent to the client: which claim, which
 *                        {@code kid}, which fetch error. Values taken from the token are quoted and cut short.
 * @param wwwAuthenticate the {@code WWW-Authenticate} value to send with {@link #status()}
 */
public record JwtRejection(JwtFailure failure, String detail, String wwwAuthenticate) implements JwtOutcome {
    public JwtRejection {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(wwwAuthenticate, "wwwAuthenticate");
    }

    static JwtRejection of(JwtFailure failure, String realm, String detail) {
        return new JwtRejection(failure, detail, BearerChallenge.forFailure(realm, failure, null));
    }

    static JwtRejection insufficientScope(String realm, String requiredScopes, String detail) {
        return new JwtRejection(JwtFailure.INSUFFICIENT_SCOPE, detail,
                BearerChallenge.forFailure(realm, JwtFailure.INSUFFICIENT_SCOPE, requiredScopes));
    }

    @Override
    public boolean isVerified() {
        return false;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return failure.status();
    }

    /** The client-facing {@code error_description}. */
    public String description() {
        return failure.description();
    }

    @Override
    public String toString() {
        return "jwt rejected: " + failure.name().toLowerCase(Locale.ROOT) + " (" + detail + ")";
    }
}
