package dev.gatehouse.engine.http;

/**
 * Told about every request the strict HTTP/1.1 pipeline refuses, so the runtime can count refusals by
 * {@link ProtocolViolation#code()}. Called on the connection's event loop: keep it quick and do not throw.
 */
@FunctionalInterface
public interface ProtocolViolationListener {
    /** Ignores every violation. */
    ProtocolViolationListener NONE = violation -> { };

    void onViolation(ProtocolViolation violation);
}
