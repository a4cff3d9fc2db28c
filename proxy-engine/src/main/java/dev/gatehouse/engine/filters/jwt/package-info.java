/**
 * JWT authentication: the verification core behind the {@code jwt_authn} filter.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>Config: {@link dev.gatehouse.engine.filters.jwt.JwtProvider} (a trusted issuer: keys,
 *       algorithms, audiences, clock skew, where its token is, claims to forward),
 *       {@link dev.gatehouse.engine.filters.jwt.KeySource},
 *       {@link dev.gatehouse.engine.filters.jwt.TokenLocation} and the per-route
 *       {@link dev.gatehouse.engine.filters.jwt.JwtRequirement}.</li>
 *   <li>{@link dev.gatehouse.engine.filters.jwt.JwtVerifier}: one per provider, verifies a token
 *       into a {@link dev.gatehouse.engine.filters.jwt.JwtOutcome}.</li>
 *   <li>{@link dev.gatehouse.engine.filters.jwt.JwtAuthenticator}: what the filter calls; finds
 *       the token ({@link dev.gatehouse.engine.filters.jwt.TokenExtractor}), verifies it, checks
 *       the requirement, and prepares the request for upstream
 *       ({@link dev.gatehouse.engine.filters.jwt.ClaimHeaders}).</li>
 *   <li>{@link dev.gatehouse.engine.filters.jwt.DevTokenMinter}: development tokens for labs.</li>
 * </ul>
 *
 * <h2>What is refused, always</h2>
 * Unsigned tokens ({@code alg: none}, in any case); algorithms the provider does not list;
 * any {@code crit} header (no JWS extension is implemented) and {@code b64}; keys carried by the
 * token ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}: refused outright, not merely ignored,
 * so the attempt shows in traces); JWE; anything but three unpadded base64url segments; tokens over
 * 16 KiB; tokens without {@code exp}. An algorithm verifies only with a key of its own family (RSA,
 * EC on the algorithm's curve, Ed25519, HMAC secret), and a provider holds either public keys or a
 * shared secret, never both, so an {@code HS256} token "signed" with an RSA public key fails
 * twice over. {@code exp}, {@code nbf} and {@code iat} are checked against an injectable
 * {@link java.time.Clock} with the provider's skew.
 *
 * <h2>Responses</h2>
 * No token: 401 {@code WWW-Authenticate: Bearer realm="..."} without an error code (RFC 6750
 * §3.1). More than one token: 400 {@code invalid_request}. Any invalid token, including keys
 * that could not be loaded: 401 {@code invalid_token} with a fixed, generic
 * {@code error_description}; the specifics (which claim, which {@code kid}, which fetch error) go
 * only to {@link dev.gatehouse.engine.filters.jwt.JwtRejection#detail()}, for traces and logs.
 * Valid token lacking a scope or claim: 403 {@code insufficient_scope}, with the route's
 * {@code scope}. Nothing here throws on a request path, so nothing here can cause a 500.
 *
 * <h2>Remote keys and threads</h2>
 * Verification never blocks. Remote JWKS are fetched with the JDK {@code HttpClient}, bounded in
 * time and size, one fetch at a time per provider, at most one fetch start per minimum refetch
 * interval (however many unknown-{@code kid} tokens arrive), and refreshed in the background
 * before they expire. Redirects are not followed. A failed
 * fetch keeps the previous keys; the reason is in
 * {@link dev.gatehouse.engine.filters.jwt.KeySetStatus}, told to a
 * {@link dev.gatehouse.engine.filters.jwt.JwksListener}, and logged once per change of reason.
 * When keys are at hand the verification stage is already complete; otherwise it completes on an
 * HTTP client thread and the filter must resume the exchange on its own event loop.
 *
 * <h2>Libraries</h2>
 * Nimbus JOSE+JWT parses tokens and verifies RSA, EC and HMAC signatures. Ed25519 goes through
 * the JDK's own provider ({@code EdDsaVerifier}), because Nimbus's Ed25519 classes need Google
 * Tink; BouncyCastle only reads PEM files. No security provider is registered.
 */
package dev.gatehouse.engine.filters.jwt;
