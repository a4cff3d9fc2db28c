/*
 * Test module for proxy_http_call: the request headers x-call-cluster, x-call-path (default "/")
 * and x-call-timeout (milliseconds, default 2000) say what to call. The request is answered locally:
 * 200 with "status=..;headers=..;body_size=..;backend=..;body=.." from proxy_on_http_call_response,
 * or 500 with "dispatch=<status>" when proxy_http_call refused the call.
 */
#include "proxy_wasm.h"

IMPORT(proxy_http_call) u32 proxy_http_call(const char *upstream, size_t upstream_size, const char *headers, size_t headers_size,
        const char *body, size_t body_size, const char *trailers, size_t trailers_size, u32 timeout, u32 *id);

IMPORT(proxy_set_effective_context) u32 proxy_set_effective_context(u32 context);

enum { HTTP_CALL_RESPONSE_BODY = 4, HTTP_CALL_RESPONSE_HEADERS = 6 };

static out_t reply_body;

static void put(const char *s, size_t n) {
    out_put(&reply_body, s, n);
}

static void put_text(const char *s) {
    put(s, str_len(s));
}

static void put_num(u64 v) {
    char digits[24];
    int n = 0;
    do {
        digits[n++] = '0' + v % 10;
        v /= 10;
    } while (v);
    while (n) {
        put(&digits[--n], 1);
    }
}

static void reply(u32 status) {
    proxy_send_local_response(status, "http_caller", 11, reply_body.data, reply_body.len, 0, 0, 0);
    free(reply_body.data);
    reply_body.data = 0;
    reply_body.len = reply_body.cap = 0;
}

static char *header(const char *name, size_t *len) {
    char *value = 0;
    if (proxy_get_header_map_value(REQUEST_HEADERS, name, str_len(name), &value, len) != OK) {
        return 0;
    }
    return value;
}

/* Appends a u32 little-endian to the map being built. */
static void put_u32(out_t *o, u32 v) {
    char b[4] = {(char) v, (char) (v >> 8), (char) (v >> 16), (char) (v >> 24)};
    out_put(o, b, 4);
}

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

EXPORT(proxy_on_request_headers) u32 proxy_on_request_headers(u32 context, u32 headers, u32 end_of_stream) {
    size_t cluster_len = 0, path_len = 0, timeout_len = 0;
    char *cluster = header("x-call-cluster", &cluster_len);
    if (!cluster) {
        return CONTINUE;
    }
    char *path = header("x-call-path", &path_len);
    if (!path) {
        path = "/";
        path_len = 1;
    }
    u32 timeout = 2000;
    char *timeout_text = header("x-call-timeout", &timeout_len);
    if (timeout_text) {
        timeout = 0;
        for (size_t i = 0; i < timeout_len; i++) {
            timeout = timeout * 10 + (timeout_text[i] - '0');
        }
    }
    /* :method GET, :path <path>, :authority <cluster> */
    out_t map = {0, 0, 0};
    put_u32(&map, 3);
    put_u32(&map, 7);
    put_u32(&map, 3);
    put_u32(&map, 5);
    put_u32(&map, path_len);
    put_u32(&map, 10);
    put_u32(&map, cluster_len);
    out_put(&map, ":method\0GET\0", 12);
    out_put(&map, ":path\0", 6);
    out_put(&map, path, path_len);
    out_put(&map, "\0", 1);
    out_put(&map, ":authority\0", 11);
    out_put(&map, cluster, cluster_len);
    out_put(&map, "\0", 1);
    u32 id = 0;
    u32 status = proxy_http_call(cluster, cluster_len, map.data, map.len, 0, 0, 0, 0, timeout, &id);
    free(map.data);
    if (status != OK) {
        put_text("dispatch=");
        put_num(status);
        reply(500);
    }
    return PAUSE;
}

static void put_call_header(const char *name) {
    char *value = 0;
    size_t len = 0;
    if (proxy_get_header_map_value(HTTP_CALL_RESPONSE_HEADERS, name, str_len(name), &value, &len) == OK) {
        put(value, len);
        free(value);
    }
}

EXPORT(proxy_on_http_call_response) void proxy_on_http_call_response(u32 context, u32 id, u32 headers, size_t body_size, u32 trailers) {
    proxy_set_effective_context(context);
    put_text("status=");
    put_call_header(":status");
    put_text(";headers=");
    put_num(headers);
    put_text(";body_size=");
    put_num(body_size);
    put_text(";backend=");
    put_call_header("x-backend");
    put_text(";body=");
    char *body = 0;
    size_t len = 0;
    if (body_size && proxy_get_buffer_bytes(HTTP_CALL_RESPONSE_BODY, 0, body_size, &body, &len) == OK) {
        put(body, len > 40 ? 40 : len);
        free(body);
    }
    reply(200);
}
