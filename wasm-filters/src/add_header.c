/*
 * Adds a response header from the plugin configuration: {"name": "x-powered-by", "value": "gatehouse"}.
 */
#include "proxy_wasm.h"

static char *name;
static size_t name_len;
static char *value;
static size_t value_len;

EXPORT(proxy_on_context_create) void proxy_on_context_create(u32 context, u32 parent) {
}

EXPORT(proxy_on_configure) u32 proxy_on_configure(u32 root, size_t size) {
    size_t len;
    char *config = plugin_configuration(size, &len);
    if (!config) {
        log_text(LOG_ERROR, "add_header: configuration {\"name\": ..., \"value\": ...} is required");
        return 0;
    }
    name = json_string_field(config, len, "name", &name_len);
    value = json_string_field(config, len, "value", &value_len);
    free(config);
    if (!name || !value || name_len == 0) {
        log_text(LOG_ERROR, "add_header: configuration needs string fields name and value");
        return 0;
    }
    return 1;
}

EXPORT(proxy_on_response_headers) u32 proxy_on_response_headers(u32 context, u32 headers, u32 end_of_stream) {
    proxy_add_header_map_value(RESPONSE_HEADERS, name, name_len, value, value_len);
    return CONTINUE;
}
