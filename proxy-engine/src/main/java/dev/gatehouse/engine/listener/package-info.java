/**
 * Downstream sockets: {@link dev.gatehouse.engine.listener.ListenerServer} binds one per configured
 * listener and builds each accepted connection's pipeline.
 *
 * <p>Every connection starts with the connection guard ({@code max_connections}, the active gauge)
 * and the idle handler. A cleartext listener then runs the strict HTTP/1.1 front with the proxy
 * handler, and may switch to HTTP/2 by prior knowledge or h2c upgrade. A TLS listener runs its
 * {@link dev.gatehouse.engine.listener.ListenerTls} handler (with SNI when it has several
 * certificates), and once the handshake is done, the HTTP/2 handlers when ALPN chose {@code h2},
 * else the strict HTTP/1.1 front. Either way each request or stream ends in the same proxy handler.
 */
package dev.gatehouse.engine.listener;
