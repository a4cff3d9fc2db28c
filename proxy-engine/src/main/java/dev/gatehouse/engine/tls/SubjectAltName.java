package dev.gatehouse.engine.tls;

import io.netty.util.NetUtil;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One name a certificate is valid for: a DNS name (possibly a {@code *.} wildcard) or an IP address,
 * which clients check the host they connected to against (never the common name); or a URI, e.g. a
 * SPIFFE id on a client certificate, for whoever checks the peer's identity.
 *
 * @param value a lower-case DNS name, an IP address in its canonical text form, or an absolute URI
 */
public record SubjectAltName(Type type, String value) {
    /** Labels of letters, digits and hyphens; a leading {@code *.} makes a wildcard. */
    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    /** The kinds of name the CA writes; the numbers are the GeneralName tags of RFC 5280. */
    public enum Type {
        DNS(2), IP(7), URI(6);

        private final int tag;

        Type(int tag) {
            this.tag = tag;
        }

        int tag() {
            return tag;
        }
    }

    public SubjectAltName {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** A DNS name such as {@code localhost} or {@code *.example.test}, lower-cased. */
    public static SubjectAltName dns(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.length() > 253 || !DNS_NAME.matcher(lower).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name (letters, digits, '-' and '.', "
                    + "optionally starting with '*.')");
        }
        return new SubjectAltName(Type.DNS, lower);
    }

    /** An IPv4 or IPv6 address literal; never looked up, so a host name here is an error. */
    public static SubjectAltName ip(String address) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + address + "' is not an IP address");
        }
        return new SubjectAltName(Type.IP, NetUtil.bytesToIpAddress(bytes));
    }

    /** An absolute URI such as {@code spiffe://example.test/ns/default/sa/web}. */
    public static SubjectAltName uri(String uri) {
        try {
            if (new java.net.URI(uri).getScheme() != null) {
                return new SubjectAltName(Type.URI, uri);
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + uri + "' is not an absolute URI");
    }

    /**
     * Reads {@code DNS:name}, {@code IP:address} or {@code URI:uri}, as the command line writes them.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static SubjectAltName parse(String text) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? "" : text.substring(0, colon).toUpperCase(Locale.ROOT);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        return switch (kind) {
            case "DNS" -> dns(value);
            case "IP" -> ip(value);
            case "URI" -> uri(value);
            default -> throw new IllegalArgumentException("'" + text + "' is not a subject alternative name; write "
                    + "DNS:<name>, IP:<address> or URI:<uri>, e.g. DNS:localhost, IP:127.0.0.1 or URI:spiffe://example.org/web");
        };
    }

    /** The DNS and IP names of a certificate, in the order it lists them; other kinds are skipped. */
    public static List<SubjectAltName> of(X509Certificate certificate) {
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (entries == null) {
            return List.of();
        }
        List<SubjectAltName> names = new ArrayList<>();
        for (List<?> entry : entries) {
            int tag = (Integer) entry.get(0);
            Object value = entry.get(1);
            if (tag == Type.DNS.tag() && value instanceof String dns) {
                names.add(new SubjectAltName(Type.DNS, dns.toLowerCase(Locale.ROOT)));
            } else if (tag == Type.IP.tag() && value instanceof String ip) {
                byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
                names.add(new SubjectAltName(Type.IP, bytes != null ? NetUtil.bytesToIpAddress(bytes) : ip));
            }
        }
        return names;
    }

    /** {@code DNS:localhost}, {@code IP:127.0.0.1}: the form {@link #parse} reads. */
    @Override
    public String toString() {
        return type + ":" + value;
    }
}
