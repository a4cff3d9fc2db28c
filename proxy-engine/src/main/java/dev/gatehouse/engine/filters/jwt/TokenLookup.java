package dev.gatehouse.engine.filters.jwt;

import java.util.Objects;

/**
 * What a request holds at one {@link TokenLocation}: nothing, exactly one token, or more than one
 * (which RFC 6750 §2 forbids, and which is refused rather than guessed at).
 *
 * @param token the token when {@link State#FOUND}, else null
 */
public record TokenLookup(State state, String token) {
    public static final TokenLookup ABSENT = new TokenLookup(State.ABSENT, null);
    public static final TokenLookup AMBIGUOUS = new TokenLookup(State.AMBIGUOUS, null);

    /** Whether a token was found. */
    public enum State { ABSENT, FOUND, AMBIGUOUS }

    public TokenLookup {
        Objects.requireNonNull(state, "state");
        if ((state == State.FOUND) != (token != null)) {
            throw new IllegalArgumentException("a token goes with FOUND, and only with FOUND");
        }
    }

    static TokenLookup found(String token) {
        return new TokenLookup(State.FOUND, token);
    }

    public boolean isFound() {
        return state == State.FOUND;
    }

    @Override
    public String toString() {
        // Never the token itself: this may end up in a log.
        return "TokenLookup[" + state + "]";
    }
}
