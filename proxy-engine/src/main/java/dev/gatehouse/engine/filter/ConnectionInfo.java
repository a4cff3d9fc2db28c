package dev.gatehouse.engine.filter;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * The downstream connection a request arrived on, as a filter may see it (Envoy's connection
 * properties): its addresses, and when it speaks TLS the version, cipher, the server name the client
 * asked for (SNI), and the client certificate's subject and SANs when the client presented one.
 *
 * @param id          unique among this process's connections, stable for the connection's life
 * @param remote      the TCP peer (not the X-Forwarded-For client)
 * @param local       the listener's address the connection reached
 * @param http2       the request arrived as an HTTP/2 stream
 * @param tlsVersion  e.g. {@code TLSv1.3}; null on a cleartext connection
 * @param cipherSuite the negotiated suite; null on a cleartext connection
 * @param serverName  the SNI host name the client sent; null when none
 * @param peerSubject the client certificate's subject (RFC 2253); null when the client presented none
 * @param peerUriSans the client certificate's URI SANs (e.g. SPIFFE ids); empty when none
 * @param peerDnsSans the client certificate's DNS SANs; empty when none
 */
public record ConnectionInfo(long id, InetSocketAddress remote, InetSocketAddress local, boolean http2,
                             String tlsVersion, String cipherSuite, String serverName, String peerSubject,
                             List<String> peerUriSans, List<String> peerDnsSans) {
    public ConnectionInfo {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(local, "local");
        peerUriSans = List.copyOf(peerUriSans);
        peerDnsSans = List.copyOf(peerDnsSans);
    }

    public boolean tls() {
        return tlsVersion != null;
    }

    /** The client presented a certificate (that the listener verified). */
    public boolean mutualTls() {
        return peerSubject != null;
    }
}
