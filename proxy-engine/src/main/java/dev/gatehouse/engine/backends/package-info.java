/**
 * Demo backends: small HTTP servers the engine can start next to itself so labs and tests have
 * something to proxy to. Each is declared in config by name and kind ({@code echo}, {@code web},
 * {@code sink}, {@code stream}, {@code websocket}) and none runs unless declared.
 *
 * <p>{@link dev.gatehouse.engine.backends.DemoBackend} binds one on a shared event loop group;
 * {@link dev.gatehouse.engine.backends.DemoBackendKind} says what it does. Every response carries
 * {@code x-backend: <name>} so a lab can see which instance answered. A backend given a certificate
 * speaks TLS, for labs about upstream TLS.
 */
package dev.gatehouse.engine.backends;
