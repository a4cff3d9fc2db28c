package dev.gatehouse.engine.filters.jwt;

/**
 * Builds {@code WWW-Authenticate: Bearer ...} values (RFC 6750 §3). A request without any token
 * gets only the realm, since the spec says not to send an error code when the client sent no
 * credentials; every other failure adds {@code error} and {@code error_description}, and
 * {@code insufficient_scope} also names the scopes needed.
 */
final class BearerChallenge {
    private BearerChallenge() {
    }

    static String forFailure(String realm, JwtFailure failure, String requiredScopes) {
        StringBuilder out = new StringBuilder(96).append("Bearer realm=\"").append(quotable(realm)).append('"');
        if (failure.errorCode() == null) {
            return out.toString();
        }
        out.append(", error=\"").append(failure.errorCode()).append('"')
                .append(", error_description=\"").append(quotable(failure.description())).append('"');
        if (requiredScopes != null && !requiredScopes.isEmpty()) {
            out.append(", scope=\"").append(quotable(requiredScopes)).append('"');
        }
        return out.toString();
    }

    /** {@code realm} if it can be sent as a quoted attribute, else IllegalArgumentException. */
    static String requireRealm(String realm) {
        if (realm == null || realm.isEmpty() || !quotable(realm).equals(realm)) {
            throw new IllegalArgumentException("realm must be non-empty printable ASCII without '\"' or '\\': "
                    + realm);
        }
        return realm;
    }

    /** RFC 6750's attribute characters: printable ASCII without {@code "} and {@code \}. */
    static String quotable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }
}
