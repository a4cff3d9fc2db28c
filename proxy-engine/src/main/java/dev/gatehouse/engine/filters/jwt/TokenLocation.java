package dev.gatehouse.engine.filters.jwt;

import java.util.Objects;

/** Where in a request a provider looks for its token. */
public sealed interface TokenLocation {

    /** {@code Authorization: Bearer <token>} (RFC 6750 §2.1), the default. */
    TokenLocation BEARER = new Header("authorization", "Bearer ");

    /**
     * A request header, its value optionally starting with a prefix that is removed (compared
     * ignoring ASCII case, since auth schemes are case-insensitive). A value without the prefix
     * holds no token for this location.
     *
     * @param name   stored lowercase
     * @param prefix may be empty: the whole value is the token
     */
    record Header(String name, String prefix) implements TokenLocation {
        public Header {
            name = HeaderNames.requireValid(name, "token header");
            Objects.requireNonNull(prefix, "prefix");
        }

        @Override
        public String toString() {
            return prefix.isEmpty() ? "header " + name : "header " + name + " (" + prefix.strip() + ")";
        }
    }

    /** A cookie. */
    record Cookie(String name) implements TokenLocation {
        public Cookie {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || !HeaderNames.isToken(name)) {
                throw new IllegalArgumentException("invalid cookie name '" + name + "'");
            }
        }

        @Override
        public String toString() {
            return "cookie " + name;
        }
    }

    /**
     * A query parameter, compared after percent-decoding. Tokens in URLs end up in access logs
     * and browser history (RFC 6750 §2.3), so prefer a header where the client allows it.
     */
    record QueryParameter(String name) implements TokenLocation {
        public QueryParameter {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("query parameter name must not be empty");
            }
        }

        @Override
        public String toString() {
            return "query parameter " + name;
        }
    }
}
