/*
 * Test module for the host's ABI tests: the request header x-probe picks what it exercises, and
 * most probes answer with a local response whose body reports what the host calls returned.
 */
#include "proxy_wasm.h"

IMPORT(proxy_get_property) u32 proxy_get_property(const char *path, size_t size, char **value, size_t *value_size);
IMPORT(proxy_set_property) u32 proxy_set_property(const char *path, size_t size, const char *value, size_t value_size);
IMPORT(proxy_get_shared_data) u32 proxy_get_shared_data(const char *key, size_t size, char **value, size_t *value_size, u32 *cas);
IMPORT(proxy_set_shared_data) u32 proxy_set_shared_data(const char *key, size_t size, const char *value, size_t value_size, u32 cas);
IMPORT(proxy_register_shared_queue) u32 proxy_register_shared_queue(const char *name, size_t size, u32 *id);
IMPORT(proxy_resolve_shared_queue) u32 proxy_resolve_shared_queue(const char *vm, size_t vm_size, const char *name, size_t size, u32 *id);
IMPORT(proxy_enqueue_shared_queue) u32 proxy_enqueue_shared_queue(u32 id, const char *value, size_t size);
IMPORT(proxy_dequeue_shared_queue) u32 proxy_dequeue_shared_queue(u32 id, char **value, size_t *size);
IMPORT(proxy_get_metric) u32 proxy_get_metric(u32 id, u64 *value);
IMPORT(proxy_record_metric) u32 proxy_record_metric(u32 id, u64 value);
IMPORT(proxy_set_tick_period_milliseconds) u32 proxy_set_tick_period_milliseconds(u32 millis);
IMPORT(proxy_set_effective_context) u32 proxy_set_effective_context(u32 context);
IMPORT(proxy_continue_stream) u32 proxy_continue_stream(u32 stream);
IMPORT(proxy_get_current_time_nanoseconds) u32 proxy_get_current_time_nanoseconds(u64 *now);
IMPORT(proxy_get_header_map_pairs) u32 proxy_get_header_map_pairs(u32 map, char **data, size_t *size);
IMPORT(proxy_set_header_map_pairs) u32 proxy_set_header_map_pairs(u32 map, const char *data, size_t size);
IMPORT(proxy_get_header_map_size) u32 proxy_get_header_map_size(u32 map, size_t *size);
IMPORT(proxy_http_call) u32 proxy_http_call(const char *upstream, size_t upstream_size, const char *headers, size_t headers_size,
        const char *body, size_t body_size, const char *trailers, size_t trailers_size, u32 timeout, u32 *id);
IMPORT(proxy_call_foreign_function) u32 proxy_call_foreign_function(const char *name, size_t size, const char *args,
        size_t args_size, char **results, size_t *results_size);
IMPORT(proxy_get_buffer_status) u32 proxy_get_buffer_status(u32 type, size_t *size, u32 *flags);
IMPORT(proxy_get_log_level) u32 proxy_get_log_level(u32 *level);

static out_t reply_body;
static u32 paused_context;
static u32 call_context;
static u32 vm_started;
static u32 configured_size;

static void put(const char *s) {
    out_put(&reply_body, s, str_len(s));
}

static void put_bytes(const char *s, size_t n) {
    out_put(&reply_body, s, n);
}

static void put_num(u64 v) {
    char digits[24];
    int n = 0;
    do {
        digits[n++] = '0' + v % 10;
        v /= 10;
    } while (v);
    while (n) {
        out_put(&reply_body, &digits[--n], 1);
    }
}

static void reply(u32 status) {
    proxy_send_local_response(status, "probe", 5, reply_body.data, reply_body.len, 0, 0, 0);
    free(reply_body.data);
    reply_body.data = 0;
    reply_body.len = reply_body.cap = 0;
}

static int probe_is(const char *name) {
    char *value = 0;
    size_t len = 0;
    if (proxy_get_header_map_value(REQUEST_HEADERS, "x-probe", 7, &value, &len) != OK) {
        return 0;
    }
    int same = bytes_equal(value, len, name, str_len(name));
    free(value);
    return same;
}

static void put_property(const char *label, const char *path, size_t path_len) {
    char *value = 0;
    size_t len = 0;
    put(label);
    put("=");
    if (proxy_get_property(path, path_len, &value, &len) == OK) {
        put_bytes(value, len);
        free(value);
    } else {
        put("?");
    }
    put(";");
}

EXPORT(_initialize) void initialize(void) {
}

EXPORT(proxy_on_vm_start) u32 proxy_on_vm_start(u32 root, size_t size) {
    vm_started = 1;
    return 1;
}

EXPORT(proxy_on_configure) u32 proxy_on_configure(u32 root, size_t size) {
    configured_size = size;
    size_t len;
    char *config = plugin_configuration(size, &len);
    int reject = config && len >= 6 && bytes_equal(config, 6, "reject", 6);
    int slow = config && len >= 4 && bytes_equal(config, 4, "slow", 4);
    free(config);
    if (slow) { // a start-up that takes 300 ms of wall time, longer than a test's callback budget
        u64 start, now;
        proxy_get_current_time_nanoseconds(&start);
        do {
            proxy_get_current_time_nanoseconds(&now);
        } while (now - start < 300000000ull);
    }
    return !reject;
}

EXPORT(proxy_on_context_create) void proxy_on_context_create(u32 context, u32 parent) {
}

static volatile u32 sink;

EXPORT(proxy_on_request_headers) u32 proxy_on_request_headers(u32 context, u32 headers, u32 end_of_stream) {
    if (probe_is("trap")) {
        __builtin_trap();
    }
    if (probe_is("loop")) {
        while (1) {
            sink++;
        }
    }
    if (probe_is("hog")) {
        while (malloc(1 << 20)) {
        }
        __builtin_trap();
    }
    if (probe_is("props")) {
        put_property("path", "request\0path", 12);
        put_property("method", "request\0method", 14);
        put_property("plugin", "plugin_name", 11);
        put_property("root", "plugin_root_id", 14);
        put_property("source", "source\0address", 14);
        put_property("missing", "no\0such", 7);
        proxy_set_property("mine", 4, "v1", 2);
        put_property("mine", "mine", 4);
        put("configured=");
        put_num(configured_size);
        put(";started=");
        put_num(vm_started);
        reply(200);
        return PAUSE;
    }
    if (probe_is("shared")) {
        char *value = 0;
        size_t len = 0;
        u32 cas = 0;
        put("first=");
        put_num(proxy_get_shared_data("probe-key", 9, &value, &len, &cas));
        put(";set=");
        put_num(proxy_set_shared_data("probe-key", 9, "one", 3, 0));
        proxy_get_shared_data("probe-key", 9, &value, &len, &cas);
        put(";value=");
        put_bytes(value, len);
        free(value);
        put(";stale=");
        put_num(proxy_set_shared_data("probe-key", 9, "two", 3, cas + 1000));
        put(";cas_set=");
        put_num(proxy_set_shared_data("probe-key", 9, "three", 5, cas));
        proxy_get_shared_data("probe-key", 9, &value, &len, &cas);
        put(";now=");
        put_bytes(value, len);
        free(value);
        reply(200);
        return PAUSE;
    }
    if (probe_is("metric")) {
        u32 id = 0, gauge = 0;
        u64 value = 0;
        proxy_define_metric(COUNTER, "probe_hits", 10, &id);
        proxy_increment_metric(id, 2);
        proxy_get_metric(id, &value);
        put("counter=");
        put_num(value);
        proxy_define_metric(GAUGE, "probe_level", 11, &gauge);
        proxy_record_metric(gauge, 42);
        proxy_get_metric(gauge, &value);
        put(";gauge=");
        put_num(value);
        u32 histogram = 0;
        proxy_define_metric(HISTOGRAM, "probe_sizes", 11, &histogram);
        put(";histogram=");
        put_num(proxy_record_metric(histogram, 512));
        put(";unknown=");
        put_num(proxy_get_metric(999, &value));
        reply(200);
        return PAUSE;
    }
    if (probe_is("queue")) {
        u32 id = 0, resolved = 0;
        char *value = 0;
        size_t len = 0;
        proxy_register_shared_queue("probe-q", 7, &id);
        put("resolve=");
        put_num(proxy_resolve_shared_queue("", 0, "probe-q", 7, &resolved));
        put(";same=");
        put_num(resolved == id);
        proxy_enqueue_shared_queue(id, "hello", 5);
        put(";dequeue=");
        put_num(proxy_dequeue_shared_queue(id, &value, &len));
        put(";value=");
        put_bytes(value, len);
        free(value);
        put(";empty=");
        put_num(proxy_dequeue_shared_queue(id, &value, &len));
        reply(200);
        return PAUSE;
    }
    if (probe_is("time")) {
        u64 now = 0;
        u32 level = 99;
        proxy_get_current_time_nanoseconds(&now);
        put("time_ok=");
        put_num(now > 1600000000000000000ull);
        proxy_get_log_level(&level);
        put(";level_ok=");
        put_num(level <= 5);
        reply(200);
        return PAUSE;
    }
    if (probe_is("unimplemented")) {
        char *results = 0;
        size_t len = 0;
        put("foreign=");
        put_num(proxy_call_foreign_function("x", 1, 0, 0, &results, &len));
        reply(200);
        return PAUSE;
    }
    if (probe_is("pairs")) {
        char *data = 0;
        size_t len = 0, size = 0;
        proxy_get_header_map_pairs(REQUEST_HEADERS, &data, &len);
        proxy_get_header_map_size(REQUEST_HEADERS, &size);
        u32 count = *(u32 *) data;
        put("count_ok=");
        put_num(count == headers);
        put(";size_ok=");
        put_num(size == len);
        /* the first key is :method */
        u32 key_len = *(u32 *) (data + 4);
        put(";first=");
        put_bytes(data + 4 + 8 * count, key_len);
        free(data);
        char *authority = 0;
        size_t alen = 0;
        proxy_get_header_map_value(REQUEST_HEADERS, ":authority", 10, &authority, &alen);
        put(";authority=");
        put_bytes(authority, alen);
        free(authority);
        put(";no_body=");
        size_t bsize;
        u32 flags;
        put_num(proxy_get_buffer_status(REQUEST_BODY, &bsize, &flags));
        reply(200);
        return PAUSE;
    }
    if (probe_is("log")) {
        log_text(LOG_INFO, "probe says hi");
    }
    if (probe_is("pause")) {
        paused_context = context;
        proxy_set_tick_period_milliseconds(5);
        return PAUSE;
    }
    if (probe_is("httpcall")) {
        static const char headers_map[] = "\x03\x00\x00\x00"
                "\x07\x00\x00\x00" "\x03\x00\x00\x00"
                "\x05\x00\x00\x00" "\x03\x00\x00\x00"
                "\x0a\x00\x00\x00" "\x04\x00\x00\x00"
                ":method\0" "GET\0" ":path\0" "/hi\0" ":authority\0" "side\0";
        u32 id = 0;
        u32 status = proxy_http_call("side", 4, headers_map, sizeof headers_map - 1, 0, 0, 0, 0, 2000, &id);
        if (status != OK) {
            put("dispatch=");
            put_num(status);
            reply(500);
            return PAUSE;
        }
        call_context = context;
        return PAUSE;
    }
    if (probe_is("setpairs")) {
        static const char pairs[] = "\x04\x00\x00\x00"
                "\x07\x00\x00\x00" "\x03\x00\x00\x00"
                "\x05\x00\x00\x00" "\x09\x00\x00\x00"
                "\x0a\x00\x00\x00" "\x01\x00\x00\x00"
                "\x06\x00\x00\x00" "\x01\x00\x00\x00"
                ":method\0" "GET\0" ":path\0" "/setpairs\0" ":authority\0" "a\0" "x-only\0" "1\0";
        proxy_set_header_map_pairs(REQUEST_HEADERS, pairs, sizeof pairs - 1);
        return CONTINUE;
    }
    proxy_replace_header_map_value(REQUEST_HEADERS, "x-probe-seen", 12, "yes", 3);
    proxy_remove_header_map_value(REQUEST_HEADERS, "x-remove-me", 11);
    proxy_add_header_map_value(REQUEST_HEADERS, ":path", 5, "/rewritten", 10);
    return CONTINUE;
}

EXPORT(proxy_on_tick) void proxy_on_tick(u32 root) {
    if (paused_context) {
        proxy_set_effective_context(paused_context);
        proxy_replace_header_map_value(REQUEST_HEADERS, "x-resumed-by", 12, "tick", 4);
        proxy_continue_stream(0);
        paused_context = 0;
        proxy_set_tick_period_milliseconds(0);
    }
}

EXPORT(proxy_on_http_call_response) void proxy_on_http_call_response(u32 context, u32 id, u32 headers, size_t body_size, u32 trailers) {
    char *status = 0;
    size_t len = 0;
    char *body = 0;
    size_t body_len = 0;
    put("call_status=");
    if (proxy_get_header_map_value(6, ":status", 7, &status, &len) == OK) {
        put_bytes(status, len);
        free(status);
    }
    put(";body=");
    if (body_size && proxy_get_buffer_bytes(4, 0, body_size, &body, &body_len) == OK) {
        put_bytes(body, body_len);
        free(body);
    }
    reply(200);
}

EXPORT(proxy_on_request_body) u32 proxy_on_request_body(u32 context, size_t size, u32 end_of_stream) {
    if (!end_of_stream) {
        return PAUSE;
    }
    char *body = 0;
    size_t len = 0;
    if (size == 0 || proxy_get_buffer_bytes(REQUEST_BODY, 0, size, &body, &len) != OK) {
        return CONTINUE;
    }
    for (size_t i = 0; i < len; i++) {
        if (body[i] >= 'a' && body[i] <= 'z') {
            body[i] -= 32;
        }
    }
    proxy_set_buffer_bytes(REQUEST_BODY, 0, len, body, len);
    proxy_set_buffer_bytes(REQUEST_BODY, len, 0, "!", 1); /* append: the length changes */
    free(body);
    return CONTINUE;
}

EXPORT(proxy_on_response_headers) u32 proxy_on_response_headers(u32 context, u32 headers, u32 end_of_stream) {
    char *status = 0;
    size_t len = 0;
    if (proxy_get_header_map_value(RESPONSE_HEADERS, ":status", 7, &status, &len) == OK) {
        proxy_add_header_map_value(RESPONSE_HEADERS, "x-probe-status", 14, status, len);
        free(status);
    }
    return CONTINUE;
}
