package dev.gatehouse.engine.config;

/**
 * One upstream endpoint: either a network {@code address} or the name of a demo {@code backend}
 * declared in the same config (then its bound address is used). Exactly one is set.
 */
public record EndpointConfig(HostPort address, String backend, int weight) {
    public static final int DEFAULT_WEIGHT = 1;
}
