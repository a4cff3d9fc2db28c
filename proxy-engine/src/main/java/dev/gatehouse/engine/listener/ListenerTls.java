package dev.gatehouse.engine.listener;

import dev.gatehouse.engine.config.ListenerTlsConfig;
import dev.gatehouse.engine.config.ListenerTlsConfig.ServerCertificate;
import dev.gatehouse.engine.tls.CertificateFileException;
import dev.gatehouse.engine.tls.CertifiedKey;
import dev.gatehouse.engine.tls.HandshakeTasks;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * The TLS side of one listener: a server {@link SslContext} per configured certificate, the SNI
 * mapping between them, and a check for renewed certificate files and a rotated {@code client_ca}.
 *
 * <p>Each new connection takes the certificates current at that moment ({@link #newHandler}); a
 * reload swaps one reference, so connections already open keep the handshake they made and are
 * never dropped. Session resumption works per certificate: each has its own JDK session cache,
 * and a reload starts new ones (clients then make one full handshake).
 *
 * <p>{@link #reloadIfChanged} runs on one control thread, never on an event loop: it reads files.
 */
public final class ListenerTls {
    private final ListenerTlsConfig config;
    private final boolean http2;
    private final List<String> alpn;
    private volatile Certificates current;
    /** The files' state when a reload last failed: the same state is not retried, only reported once. */
    private List<FileStamp> failedStamps;
    private String failure;
    private boolean failureReported;

    private ListenerTls(ListenerTlsConfig config, boolean http2, Certificates initial) {
        this.config = config;
        this.http2 = http2;
        this.alpn = config.effectiveAlpn(http2);
        this.current = initial;
    }

    /** What a check for renewed certificate files found. */
    public enum Reload {
        /** The files are as they were, or are still being replaced. */
        UNCHANGED,
        /** New connections now get the new certificates. */
        RELOADED,
        /** The changed files cannot be used (see {@link #failure()}); the previous certificates stay. */
        FAILED
    }

    /**
     * Reads the certificate and key files and builds the contexts.
     *
     * @param http2 whether the listener accepts HTTP/2, which decides what ALPN offers by default
     * @throws CertificateFileException when a file is unusable or a key does not match
     * @throws SSLException             when the JDK refuses the settings
     */
    public static ListenerTls load(ListenerTlsConfig config, boolean http2) throws CertificateFileException, SSLException {
        Objects.requireNonNull(config, "config");
        return new ListenerTls(config, http2, build(config, config.effectiveAlpn(http2)));
    }

    public ListenerTlsConfig config() {
        return config;
    }

    /** Whether the listener this serves accepts HTTP/2 (an ALPN input, so part of what a reuse must match). */
    public boolean http2() {
        return http2;
    }

    /** What a client that does not use ALPN speaks: HTTP/1.1 when offered, else HTTP/2. */
    String fallbackProtocol() {
        return alpn.contains(ListenerTlsConfig.HTTP_1_1) ? ListenerTlsConfig.HTTP_1_1 : ListenerTlsConfig.H2;
    }

    /**
     * The first handler of a new connection: an {@link SslHandler}, or with several certificates an
     * {@link SniHandler} that becomes the {@link SslHandler} of the certificate the client asked for.
     *
     * @param handshakeTimeoutMillis how long the client may take, from connecting to a finished handshake
     */
    ChannelHandler newHandler(ByteBufAllocator alloc, long handshakeTimeoutMillis) {
        Certificates certificates = current;
        if (certificates.byName() == null) {
            SslHandler handler = certificates.fallback().newHandler(alloc, HandshakeTasks.executor());
            handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
            return handler;
        }
        return new SniHandler(certificates.byName(), handshakeTimeoutMillis) {
            @Override
            protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
                SslHandler handler = context.newHandler(allocator, HandshakeTasks.executor());
                handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
                return handler;
            }
        };
    }

    /** The certificates new connections get: subject, names and expiry of each, for logs. */
    public String describe() {
        return current.keys().stream().map(ListenerTls::describe).collect(Collectors.joining("; "));
    }

    /**
     * Reloads the certificates if any of their files (or the client CA bundle) changed since they were read. Files caught half
     * replaced (a new certificate beside the old key) fail to load; that state is tried again once
     * the files change further, and reported as {@link Reload#FAILED} only if it is still there at
     * the next check, so a renewal written file by file does not raise an alarm.
     */
    public Reload reloadIfChanged() {
        List<FileStamp> stamps = stamps(config);
        if (stamps.equals(current.stamps())) {
            return Reload.UNCHANGED;
        }
        if (stamps.equals(failedStamps)) {
            if (failureReported) {
                return Reload.UNCHANGED;
            }
            failureReported = true;
            return Reload.FAILED;
        }
        try {
            current = build(config, alpn);
            failedStamps = null;
            failure = null;
            return Reload.RELOADED;
        } catch (CertificateFileException | SSLException e) {
            failedStamps = stamps;
            failure = e.getMessage();
            failureReported = false;
            return Reload.UNCHANGED;
        }
    }

    /** Why the last reload failed; null after a success. */
    public String failure() {
        return failure;
    }

    // ---------------------------------------------------------------- building

    private static Certificates build(ListenerTlsConfig config, List<String> alpn)
            throws CertificateFileException, SSLException {
        // Stamped before reading, so a change made while reading shows at the next check.
        List<FileStamp> stamps = stamps(config);
        List<CertifiedKey> keys = new ArrayList<>();
        List<SslContext> contexts = new ArrayList<>();
        for (ServerCertificate certificate : config.certificates()) {
            CertifiedKey key = CertifiedKey.load(certificate.files().cert(), certificate.files().key());
            keys.add(key);
            contexts.add(context(key, config, alpn));
        }
        Mapping<String, SslContext> byName = contexts.size() == 1 ? null : sniMapping(config, keys, contexts);
        return new Certificates(contexts.get(0), byName, keys, stamps);
    }

    private static SslContext context(CertifiedKey key, ListenerTlsConfig config, List<String> alpn) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(key.privateKey(), key.chain());
        if (config.clientCa() != null) {
            // Ask for a client certificate, verified against client_ca; without require it is optional.
            builder.trustManager(config.clientCa().toFile())
                    .clientAuth(config.requireClientCertificate() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        return builder
                .sslProvider(SslProvider.JDK) // OpenSSL (tcnative) is not shipped
                .protocols(config.minVersion().andNewer())
                .ciphers(config.effectiveCipherSuites())
                // A client that offers only protocols we do not speak gets the RFC 7301 alert, not a
                // connection on which each side speaks something else.
                .applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                        SelectorFailureBehavior.FATAL_ALERT, SelectedListenerFailureBehavior.ACCEPT, alpn))
                .sessionTimeout(config.sessionTimeout().toSeconds())
                .sessionCacheSize(config.sessionCacheSize())
                .build();
    }

    /** Each certificate by its server names (or its DNS names); where two claim a name, the first wins. */
    private static Mapping<String, SslContext> sniMapping(ListenerTlsConfig config, List<CertifiedKey> keys,
                                                         List<SslContext> contexts) {
        var builder = new DomainWildcardMappingBuilder<>(contexts.get(0));
        Set<String> claimed = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            List<String> names = config.certificates().get(i).serverNames();
            for (String name : names.isEmpty() ? keys.get(i).dnsNames() : names) {
                if (claimed.add(name)) {
                    builder.add(name, contexts.get(i));
                }
            }
        }
        return builder.build();
    }

    private static List<FileStamp> stamps(ListenerTlsConfig config) {
        List<FileStamp> stamps = new ArrayList<>();
        for (ServerCertificate certificate : config.certificates()) {
            stamps.add(FileStamp.of(certificate.files().cert()));
            stamps.add(FileStamp.of(certificate.files().key()));
        }
        if (config.clientCa() != null) {
            stamps.add(FileStamp.of(config.clientCa())); // a rotated trust bundle applies to new handshakes too
        }
        return stamps;
    }

    private static String describe(CertifiedKey key) {
        return key.certificate().getSubjectX500Principal().getName() + " " + key.subjectAltNames() + ", valid until "
                + key.certificate().getNotAfter().toInstant();
    }

    /** What new connections are served with; replaced whole on reload. */
    private record Certificates(SslContext fallback, Mapping<String, SslContext> byName, List<CertifiedKey> keys,
                                List<FileStamp> stamps) {
    }

    /**
     * A file's identity and last change: the file key (inode) catches a replacement by rename even
     * within the modification time's resolution, the size a rewrite in place.
     */
    private record FileStamp(Path file, FileTime modified, long size, Object fileKey) {
        static FileStamp of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileStamp(file, attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
            } catch (NoSuchFileException e) {
                return new FileStamp(file, null, -1, null);
            } catch (IOException e) {
                return new FileStamp(file, null, -2, null);
            }
        }
    }
}
