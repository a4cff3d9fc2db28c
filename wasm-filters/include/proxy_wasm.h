/*
 * Gatehouse's minimal proxy-wasm glue for C modules (ABI 0.2.1): the host imports the filters here
 * use, a small allocator (the host hands buffers over through proxy_on_memory_allocate), and a few
 * helpers. Freestanding: no libc, built with clang --target=wasm32 -nostdlib.
 */
#ifndef GATEHOUSE_PROXY_WASM_H
#define GATEHOUSE_PROXY_WASM_H

typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned long size_t;

#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
#define EXPORT(name) __attribute__((export_name(#name)))

enum { LOG_TRACE, LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_CRITICAL };
enum { OK = 0, NOT_FOUND = 1 };
enum { CONTINUE = 0, PAUSE = 1 };
enum { REQUEST_BODY = 0, RESPONSE_BODY = 1, PLUGIN_CONFIGURATION = 7 };
enum { REQUEST_HEADERS = 0, RESPONSE_HEADERS = 2 };
enum { COUNTER = 0, GAUGE = 1, HISTOGRAM = 2 };

IMPORT(proxy_log) u32 proxy_log(u32 level, const char *message, size_t size);
IMPORT(proxy_get_buffer_bytes) u32 proxy_get_buffer_bytes(u32 type, size_t start, size_t max, char **data, size_t *size);
IMPORT(proxy_set_buffer_bytes) u32 proxy_set_buffer_bytes(u32 type, size_t start, size_t size, const char *data, size_t data_size);
IMPORT(proxy_get_header_map_value) u32 proxy_get_header_map_value(u32 map, const char *key, size_t key_size, char **value, size_t *value_size);
IMPORT(proxy_add_header_map_value) u32 proxy_add_header_map_value(u32 map, const char *key, size_t key_size, const char *value, size_t value_size);
IMPORT(proxy_replace_header_map_value) u32 proxy_replace_header_map_value(u32 map, const char *key, size_t key_size, const char *value, size_t value_size);
IMPORT(proxy_remove_header_map_value) u32 proxy_remove_header_map_value(u32 map, const char *key, size_t key_size);
IMPORT(proxy_send_local_response) u32 proxy_send_local_response(u32 status, const char *details, size_t details_size,
        const char *body, size_t body_size, const char *headers, size_t headers_size, u32 grpc_status);
IMPORT(proxy_define_metric) u32 proxy_define_metric(u32 type, const char *name, size_t name_size, u32 *id);
IMPORT(proxy_increment_metric) u32 proxy_increment_metric(u32 id, long long delta);

/* The allocator: power-of-two size classes with free lists, carved from memory.grow. */
extern unsigned char __heap_base;
static unsigned char *heap_top;
static void *free_lists[32];

static u32 size_class(size_t n) {
    u32 c = 4;
    while (((size_t) 1 << c) < n + 8) {
        c++;
    }
    return c;
}

EXPORT(malloc) void *malloc(size_t n) {
    if (n > 0x40000000) {
        return 0;
    }
    u32 c = size_class(n);
    if (free_lists[c]) {
        void **block = free_lists[c];
        free_lists[c] = *block;
        return block;
    }
    if (!heap_top) {
        heap_top = (unsigned char *) (((size_t) &__heap_base + 15) & ~(size_t) 15);
    }
    size_t need = (size_t) 1 << c;
    size_t end = (size_t) heap_top + need;
    size_t have = __builtin_wasm_memory_size(0) * 65536;
    if (end > have) {
        size_t pages = (end - have + 65535) / 65536;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t) -1) {
            return 0;
        }
    }
    u32 *header = (u32 *) heap_top;
    *header = c;
    heap_top += need;
    return header + 2;
}

EXPORT(free) void free(void *p) {
    if (!p) {
        return;
    }
    u32 c = *((u32 *) p - 2);
    *(void **) p = free_lists[c];
    free_lists[c] = p;
}

EXPORT(proxy_on_memory_allocate) void *proxy_on_memory_allocate(size_t n) {
    return malloc(n);
}

EXPORT(proxy_abi_version_0_2_1) void proxy_abi_version_0_2_1(void) {
}

/* What clang may emit calls to for struct copies and zeroing. */
void *memset(void *to, int c, size_t n) {
    unsigned char *t = to;
    for (size_t i = 0; i < n; i++) {
        t[i] = (unsigned char) c;
    }
    return to;
}

void *memcpy(void *to, const void *from, size_t n) {
    unsigned char *t = to;
    const unsigned char *f = from;
    for (size_t i = 0; i < n; i++) {
        t[i] = f[i];
    }
    return to;
}

static size_t str_len(const char *s) {
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

static void log_text(u32 level, const char *message) {
    proxy_log(level, message, str_len(message));
}

static void *mem_copy(void *to, const void *from, size_t n) {
    unsigned char *t = to;
    const unsigned char *f = from;
    for (size_t i = 0; i < n; i++) {
        t[i] = f[i];
    }
    return to;
}

/* A growable byte string. */
typedef struct { char *data; size_t len; size_t cap; } out_t;

static int out_put(out_t *o, const char *s, size_t n) {
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 256;
        while (cap < o->len + n) {
            cap *= 2;
        }
        char *grown = malloc(cap);
        if (!grown) {
            return 0;
        }
        mem_copy(grown, o->data, o->len);
        free(o->data);
        o->data = grown;
        o->cap = cap;
    }
    mem_copy(o->data + o->len, s, n);
    o->len += n;
    return 1;
}

static int bytes_equal(const char *a, size_t an, const char *b, size_t bn) {
    if (an != bn) {
        return 0;
    }
    for (size_t i = 0; i < an; i++) {
        if (a[i] != b[i]) {
            return 0;
        }
    }
    return 1;
}

/* The plugin configuration (the host passes a YAML mapping as JSON text); the caller frees it. */
static char *plugin_configuration(size_t size, size_t *out_size) {
    char *data = 0;
    *out_size = 0;
    if (size == 0 || proxy_get_buffer_bytes(PLUGIN_CONFIGURATION, 0, size, &data, out_size) != OK) {
        return 0;
    }
    return data;
}

/*
 * The string value of top-level key `key` in a flat JSON object, unescaped only for \" and \\;
 * 0 when absent. The result points into a new allocation.
 */
static char *json_string_field(const char *json, size_t n, const char *key, size_t *value_len) {
    size_t key_len = str_len(key);
    for (size_t i = 0; i + key_len + 2 < n; i++) {
        if (json[i] == '"' && bytes_equal(json + i + 1, key_len, key, key_len) && json[i + 1 + key_len] == '"') {
            size_t j = i + 2 + key_len;
            while (j < n && (json[j] == ' ' || json[j] == ':')) {
                j++;
            }
            if (j >= n || json[j] != '"') {
                return 0;
            }
            j++;
            char *value = malloc(n - j + 1);
            size_t len = 0;
            while (j < n && json[j] != '"') {
                if (json[j] == '\\' && j + 1 < n) {
                    j++;
                }
                value[len++] = json[j++];
            }
            value[len] = 0;
            *value_len = len;
            return value;
        }
    }
    return 0;
}

#endif
