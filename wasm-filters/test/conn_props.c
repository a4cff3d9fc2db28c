/*
 * Test module for the connection properties: on the response headers it reads Envoy's source,
 * destination, connection and request attributes and echoes each as a response header
 * x-prop-<name> (strings as they are, int64 in decimal, bools as true/false); an absent property
 * (NOT_FOUND) adds no header.
 */
#include "proxy_wasm.h"

IMPORT(proxy_get_property) u32 proxy_get_property(const char *path, size_t size, char **value, size_t *value_size);

enum { TEXT, INT64, BOOL };

static const struct { const char *path; const char *header; u32 kind; } PROPS[] = {
    {"source.address", "x-prop-source-address", TEXT},
    {"source.port", "x-prop-source-port", INT64},
    {"destination.address", "x-prop-destination-address", TEXT},
    {"destination.port", "x-prop-destination-port", INT64},
    {"connection.id", "x-prop-connection-id", INT64},
    {"connection.mtls", "x-prop-connection-mtls", BOOL},
    {"connection.tls_version", "x-prop-connection-tls-version", TEXT},
    {"connection.requested_server_name", "x-prop-connection-requested-server-name", TEXT},
    {"connection.subject_peer_certificate", "x-prop-connection-subject-peer-certificate", TEXT},
    {"connection.uri_san_peer_certificate", "x-prop-connection-uri-san-peer-certificate", TEXT},
    {"request.protocol", "x-prop-request-protocol", TEXT},
    {"request.scheme", "x-prop-request-scheme", TEXT},
    {"request.id", "x-prop-request-id", TEXT},
    {"request.time", "x-prop-request-time", INT64},
};

EXPORT(_initialize) void initialize(void) {
}

EXPORT(proxy_on_vm_start) u32 proxy_on_vm_start(u32 root, size_t size) {
    return 1;
}

EXPORT(proxy_on_configure) u32 proxy_on_configure(u32 root, size_t size) {
    return 1;
}

EXPORT(proxy_on_context_create) void proxy_on_context_create(u32 context, u32 parent) {
}

/* Decimal text of an unsigned value into buf (24 bytes); returns its length. */
static size_t decimal(u64 v, char *buf) {
    char digits[24];
    size_t n = 0;
    do {
        digits[n++] = '0' + v % 10;
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++) {
        buf[i] = digits[n - 1 - i];
    }
    return n;
}

static void echo(const char *dotted, const char *header, u32 kind) {
    /* SDKs send a path as NUL-separated segments */
    char path[64];
    size_t n = str_len(dotted);
    for (size_t i = 0; i < n; i++) {
        path[i] = dotted[i] == '.' ? 0 : dotted[i];
    }
    char *value = 0;
    size_t len = 0;
    if (proxy_get_property(path, n, &value, &len) != OK) {
        return;
    }
    char text[24];
    const char *out = value;
    size_t out_len = len;
    if (kind == INT64) {
        u64 v = 0;
        for (size_t i = 0; i < 8 && i < len; i++) {
            v |= (u64) (unsigned char) value[i] << (8 * i);
        }
        out = text;
        out_len = len == 8 ? decimal(v, text) : 0;
        if (len != 8) {
            out = "bad-size";
            out_len = 8;
        }
    } else if (kind == BOOL) {
        int on = len == 1 && value[0];
        out = len != 1 ? "bad-size" : on ? "true" : "false";
        out_len = str_len(out);
    }
    proxy_add_header_map_value(RESPONSE_HEADERS, header, str_len(header), out, out_len);
    free(value);
}

EXPORT(proxy_on_response_headers) u32 proxy_on_response_headers(u32 context, u32 headers, u32 end_of_stream) {
    for (size_t i = 0; i < sizeof PROPS / sizeof PROPS[0]; i++) {
        echo(PROPS[i].path, PROPS[i].header, PROPS[i].kind);
    }
    return CONTINUE;
}
