package dev.gatehouse.engine.wasm;

import dev.gatehouse.engine.filter.ConnectionInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Envoy's connection attributes ({@code source.*}, {@code destination.*}, {@code connection.*}) for
 * {@code proxy_get_property}, encoded as Envoy does: strings as bytes, integers as 8-byte little-endian
 * int64, booleans as one byte. A property that does not apply (TLS facts of a cleartext connection, the
 * client certificate when none was presented) is absent: NOT_FOUND.
 */
final class ConnectionProperties {
    private ConnectionProperties() {
    }

    /**
     * @param client the client's address after trusted X-Forwarded-For hops: {@code source.address} is
     *               it when it is not the TCP peer (as Envoy, whose remote address follows trusted XFF)
     */
    static byte[] of(ConnectionInfo connection, String client, String name) {
        InetSocketAddress remote = connection.remote();
        return switch (name) {
            case "source.address" -> {
                String peer = remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
                yield text(client == null || client.equals(peer) ? authority(remote) : client);
            }
            case "source.port" -> HostCalls.int64(remote.getPort());
            case "destination.address" -> text(authority(connection.local()));
            case "destination.port" -> HostCalls.int64(connection.local().getPort());
            case "connection.id" -> HostCalls.int64(connection.id());
            case "connection.mtls" -> new byte[] {(byte) (connection.mutualTls() ? 1 : 0)};
            case "connection.tls_version" -> text(connection.tlsVersion());
            case "connection.requested_server_name" -> text(connection.serverName());
            case "connection.subject_peer_certificate" -> text(connection.peerSubject());
            case "connection.uri_san_peer_certificate" -> connection.peerUriSans().isEmpty() ? null
                    : text(connection.peerUriSans().get(0));
            case "connection.dns_san_peer_certificate" -> connection.peerDnsSans().isEmpty() ? null
                    : text(connection.peerDnsSans().get(0));
            default -> null;
        };
    }

    /** {@code ip:port}, with IPv6 in brackets, as Envoy prints addresses. */
    private static String authority(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static byte[] text(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }
}
