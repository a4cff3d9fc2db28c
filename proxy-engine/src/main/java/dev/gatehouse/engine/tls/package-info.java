/**
 * Certificates and keys: a development certificate authority that issues server and client
 * certificates ({@link dev.gatehouse.engine.tls.CertificateAuthority}), PEM files in and out
 * ({@link dev.gatehouse.engine.tls.PemFiles}), a certificate chain with its checked private key
 * ({@link dev.gatehouse.engine.tls.CertifiedKey}), and plain words for why a TLS handshake failed
 * ({@link dev.gatehouse.engine.tls.HandshakeFailure}).
 *
 * <p>A mechanism layer: it knows nothing of the config or of listeners. Keys are made and read with
 * the JDK's providers; BouncyCastle builds the certificates and parses PEM, and is never installed as
 * a JCA provider, so it cannot change what the JDK's TLS stack does.
 */
package dev.gatehouse.engine.tls;
