/*
 * Rejects requests that lack a header with a local 403: configuration {"header": "x-api-key"}.
 */
#include "proxy_wasm.h"

static char *header;
static size_t header_len;

EXPORT(proxy_on_context_create) void proxy_on_context_create(u32 context, u32 parent) {
}

EXPORT(proxy_on_configure) u32 proxy_on_configure(u32 root, size_t size) {
    size_t len;
    char *config = plugin_configuration(size, &len);
    header = config ? json_string_field(config, len, "header", &header_len) : 0;
    free(config);
    if (!header || header_len == 0) {
        log_text(LOG_ERROR, "require_header: configuration {\"header\": name} is required");
        return 0;
    }
    return 1;
}

/* One serialized header map with content-type: text/plain. */
static const char plain_text[] = "\x01\x00\x00\x00" "\x0c\x00\x00\x00" "\x19\x00\x00\x00"
        "content-type\0text/plain; charset=utf-8";

EXPORT(proxy_on_request_headers) u32 proxy_on_request_headers(u32 context, u32 headers, u32 end_of_stream) {
    char *value = 0;
    size_t len = 0;
    if (proxy_get_header_map_value(REQUEST_HEADERS, header, header_len, &value, &len) == OK) {
        free(value);
        return CONTINUE;
    }
    out_t body = {0, 0, 0};
    out_put(&body, "forbidden: missing header ", 26);
    out_put(&body, header, header_len);
    out_put(&body, "\n", 1);
    proxy_send_local_response(403, "missing_required_header", 23, body.data, body.len,
            plain_text, sizeof plain_text, 0);
    free(body.data);
    return PAUSE;
}
