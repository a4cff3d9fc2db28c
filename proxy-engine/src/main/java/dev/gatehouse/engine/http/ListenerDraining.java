package dev.gatehouse.engine.http;

/**
 * Fired on every open downstream connection when its listener starts draining (removed by a config
 * apply, or the process stopping). As NGINX and Envoy do, an idle HTTP/1.1 connection is closed at
 * once, and a busy one after its current response, which then says {@code Connection: close}; an
 * HTTP/2 connection gets a GOAWAY and closes after its open streams.
 */
public enum ListenerDraining {
    EVENT
}
