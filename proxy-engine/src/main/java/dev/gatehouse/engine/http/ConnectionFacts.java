package dev.gatehouse.engine.http;

import dev.gatehouse.engine.filter.ConnectionInfo;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Builds a {@link ConnectionInfo} from a downstream channel. The connection-wide part (id, TLS session
 * facts) is read once per connection, on first demand, and kept on the connection's channel, so
 * requests that never ask cost nothing and later streams of an HTTP/2 connection reuse it.
 */
final class ConnectionFacts {
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    private static final AttributeKey<ConnectionFacts> KEY = AttributeKey.valueOf("gatehouse.connection-facts");
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private final long id;
    private final String tlsVersion;
    private final String cipherSuite;
    private final String serverName;
    private final String peerSubject;
    private final List<String> peerUriSans;
    private final List<String> peerDnsSans;

    private ConnectionFacts(Channel connection) {
        this.id = NEXT_ID.getAndIncrement();
        SslHandler tls = connection.pipeline().get(SslHandler.class);
        SSLSession session = tls == null ? null : tls.engine().getSession();
        if (session == null) { // cleartext
            tlsVersion = cipherSuite = serverName = peerSubject = null;
            peerUriSans = peerDnsSans = List.of();
            return;
        }
        tlsVersion = session.getProtocol();
        cipherSuite = session.getCipherSuite();
        serverName = serverName(session);
        X509Certificate peer = peer(session);
        peerSubject = peer == null ? null : peer.getSubjectX500Principal().getName();
        peerUriSans = sans(peer, SAN_URI);
        peerDnsSans = sans(peer, SAN_DNS);
    }

    /** The connection the request on {@code channel} (an HTTP/1 connection or an HTTP/2 stream) arrived on. */
    static ConnectionInfo of(Channel channel) {
        boolean http2 = channel instanceof Http2StreamChannel;
        Channel connection = http2 ? channel.parent() : channel;
        ConnectionFacts facts = connection.attr(KEY).get();
        if (facts == null) {
            facts = new ConnectionFacts(connection);
            connection.attr(KEY).set(facts); // only this connection's event loop gets here
        }
        return new ConnectionInfo(facts.id, address(connection.remoteAddress()), address(connection.localAddress()),
                http2, facts.tlsVersion, facts.cipherSuite, facts.serverName, facts.peerSubject, facts.peerUriSans,
                facts.peerDnsSans);
    }

    private static InetSocketAddress address(java.net.SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0);
    }

    private static String serverName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            try {
                for (SNIServerName name : extended.getRequestedServerNames()) {
                    if (name instanceof SNIHostName host) {
                        return host.getAsciiName();
                    }
                }
            } catch (UnsupportedOperationException e) {
                return null;
            }
        }
        return null;
    }

    private static X509Certificate peer(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no client certificate
        }
    }

    private static List<String> sans(X509Certificate certificate, int type) {
        if (certificate == null) {
            return List.of();
        }
        try {
            Collection<List<?>> all = certificate.getSubjectAlternativeNames();
            if (all == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>(1);
            for (List<?> san : all) {
                if (san.size() >= 2 && Integer.valueOf(type).equals(san.get(0)) && san.get(1) instanceof String value) {
                    out.add(value);
                }
            }
            return out;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
