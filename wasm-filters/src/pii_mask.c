/*
 * PII masking for JSON response bodies (proxy-wasm, ABI 0.2.1).
 *
 * Gathers a JSON response whole (StopIterationAndBuffer until the end of the stream), walks it and
 * masks string values: by field name (plugin configuration "fields": name -> kind) and by pattern
 * in any string ("detect": kinds). Kinds: ssn (***-**-6789), card (****-****-****-1111),
 * email (j***@example.com), phone (***-***-4567), full (****). Nested objects and arrays are
 * walked (an array's strings take their field's kind). A body that is not valid JSON, or not
 * labelled JSON, passes unchanged. Each masked body counts its fields in the counter
 * pii_masked_fields and logs the field names (never the values).
 *
 * Configuration example: {"fields": {"ssn": "ssn", "credit_card": "card"}, "detect": ["email"]}
 * Without configuration: the default fields below and detection of all four patterns.
 */
#include "proxy_wasm.h"

enum { K_NONE, K_SSN, K_CARD, K_EMAIL, K_PHONE, K_FULL };
#define MAX_RULES 64
#define MAX_DEPTH 64

typedef struct { char name[64]; size_t len; int kind; } rule_t;
static rule_t rules[MAX_RULES];
static int rule_count;
static int detect; /* bit per kind */
static u32 masked_metric;

typedef struct { const char *s; size_t n; size_t i; } scan_t;

static void ws(scan_t *p) {
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r')) {
        p->i++;
    }
}

/* At a '"': moves past the string; [*a, *b) is its raw content. 0 when malformed. */
static int string_at(scan_t *p, size_t *a, size_t *b) {
    if (p->i >= p->n || p->s[p->i] != '"') {
        return 0;
    }
    p->i++;
    *a = p->i;
    while (p->i < p->n) {
        char c = p->s[p->i];
        if (c == '"') {
            *b = p->i;
            p->i++;
            return 1;
        }
        if ((unsigned char) c < 0x20) {
            return 0;
        }
        if (c == '\\') {
            p->i++;
            if (p->i >= p->n) {
                return 0;
            }
            char e = p->s[p->i];
            if (e == 'u') {
                for (int k = 0; k < 4; k++) {
                    p->i++;
                    char h = p->i < p->n ? p->s[p->i] : 0;
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
                        return 0;
                    }
                }
            } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
                return 0;
            }
        }
        p->i++;
    }
    return 0;
}

static int literal(scan_t *p, const char *word) {
    size_t len = str_len(word);
    if (p->i + len > p->n || !bytes_equal(p->s + p->i, len, word, len)) {
        return 0;
    }
    p->i += len;
    return 1;
}

static int number(scan_t *p) {
    size_t start = p->i;
    if (p->i < p->n && p->s[p->i] == '-') {
        p->i++;
    }
    size_t digits = p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
        p->i++;
    }
    if (p->i == digits) {
        return 0;
    }
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        size_t frac = p->i;
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
            p->i++;
        }
        if (p->i == frac) {
            return 0;
        }
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) {
            p->i++;
        }
        size_t exp = p->i;
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
            p->i++;
        }
        if (p->i == exp) {
            return 0;
        }
    }
    return p->i > start;
}

/* ---------------------------------------------------------------- patterns and masks */

static int count_digits(const char *v, size_t n) {
    int d = 0;
    for (size_t i = 0; i < n; i++) {
        d += v[i] >= '0' && v[i] <= '9';
    }
    return d;
}

static int is_ssn(const char *v, size_t n) {
    if (n != 11 || v[3] != '-' || v[6] != '-') {
        return 0;
    }
    return count_digits(v, n) == 9;
}

static int is_card(const char *v, size_t n) {
    int digits[32];
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c >= '0' && c <= '9') {
            if (count == 32) {
                return 0;
            }
            digits[count++] = c - '0';
        } else if (c != ' ' && c != '-') {
            return 0;
        }
    }
    if (count < 13 || count > 19) {
        return 0;
    }
    int sum = 0;
    for (int k = 0; k < count; k++) { /* Luhn */
        int d = digits[count - 1 - k];
        if (k % 2 == 1) {
            d *= 2;
            if (d > 9) {
                d -= 9;
            }
        }
        sum += d;
    }
    return sum % 10 == 0;
}

static int is_email(const char *v, size_t n) {
    size_t at = n;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == ' ' || v[i] == '\\') {
            return 0;
        }
        if (v[i] == '@') {
            if (at != n) {
                return 0;
            }
            at = i;
        }
    }
    if (at == 0 || at >= n) {
        return 0;
    }
    for (size_t i = at + 2; i + 1 < n; i++) {
        if (v[i] == '.') {
            return 1;
        }
    }
    return 0;
}

static int is_phone(const char *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '(' || c == ')' || c == '.' || c == ' ')) {
            return 0;
        }
    }
    int d = count_digits(v, n);
    return d >= 10 && d <= 15;
}

static int detected_kind(const char *v, size_t n) {
    if ((detect & (1 << K_SSN)) && is_ssn(v, n)) {
        return K_SSN;
    }
    if ((detect & (1 << K_CARD)) && is_card(v, n)) {
        return K_CARD;
    }
    if ((detect & (1 << K_EMAIL)) && is_email(v, n)) {
        return K_EMAIL;
    }
    if ((detect & (1 << K_PHONE)) && is_phone(v, n)) {
        return K_PHONE;
    }
    return K_NONE;
}

/* The last four digits of v (padded with '*'). */
static void last4(const char *v, size_t n, char out[4]) {
    int k = 4;
    for (size_t i = n; i > 0 && k > 0; i--) {
        if (v[i - 1] >= '0' && v[i - 1] <= '9') {
            out[--k] = v[i - 1];
        }
    }
    while (k > 0) {
        out[--k] = '*';
    }
}

static int put_masked(out_t *o, int kind, const char *v, size_t n) {
    char tail[4];
    last4(v, n, tail);
    switch (kind) {
        case K_SSN:
            return out_put(o, "\"***-**-", 8) && out_put(o, tail, 4) && out_put(o, "\"", 1);
        case K_CARD:
            return out_put(o, "\"****-****-****-", 16) && out_put(o, tail, 4) && out_put(o, "\"", 1);
        case K_PHONE:
            return out_put(o, "\"***-***-", 9) && out_put(o, tail, 4) && out_put(o, "\"", 1);
        case K_EMAIL: {
            size_t at = 0;
            while (at < n && v[at] != '@') {
                at++;
            }
            if (at == 0 || at == n) {
                return out_put(o, "\"***\"", 5);
            }
            return out_put(o, "\"", 1) && out_put(o, v, 1) && out_put(o, "***", 3)
                    && out_put(o, v + at, n - at) && out_put(o, "\"", 1);
        }
        default:
            return out_put(o, "\"****\"", 6);
    }
}

static int kind_named(const char *v, size_t n) {
    if (bytes_equal(v, n, "ssn", 3)) return K_SSN;
    if (bytes_equal(v, n, "card", 4)) return K_CARD;
    if (bytes_equal(v, n, "email", 5)) return K_EMAIL;
    if (bytes_equal(v, n, "phone", 5)) return K_PHONE;
    if (bytes_equal(v, n, "full", 4)) return K_FULL;
    return K_NONE;
}

static int field_kind(const char *key, size_t n) {
    for (int r = 0; r < rule_count; r++) {
        if (bytes_equal(rules[r].name, rules[r].len, key, n)) {
            return rules[r].kind;
        }
    }
    return K_NONE;
}

static int add_rule(const char *name, size_t n, int kind) {
    if (rule_count == MAX_RULES || n >= sizeof rules[0].name || kind == K_NONE) {
        return 0;
    }
    mem_copy(rules[rule_count].name, name, n);
    rules[rule_count].len = n;
    rules[rule_count].kind = kind;
    rule_count++;
    return 1;
}

/* ---------------------------------------------------------------- the walk */

typedef struct {
    scan_t p;
    out_t out;
    size_t copied;
    int masked;
    char names[256];
    size_t names_len;
} walk_t;

static void note_name(walk_t *w, const char *key, size_t n) {
    if (n == 0) {
        return;
    }
    /* names once each, comma-separated, bounded */
    for (size_t i = 0; i + n <= w->names_len; i++) {
        if ((i == 0 || w->names[i - 1] == ' ') && bytes_equal(w->names + i, n, key, n)
                && (i + n == w->names_len || w->names[i + n] == ',')) {
            return;
        }
    }
    if (w->names_len + n + 2 >= sizeof w->names) {
        return;
    }
    if (w->names_len) {
        w->names[w->names_len++] = ',';
        w->names[w->names_len++] = ' ';
    }
    mem_copy(w->names + w->names_len, key, n);
    w->names_len += n;
}

static int value(walk_t *w, const char *key, size_t key_len, int depth);

static int string_value(walk_t *w, const char *key, size_t key_len) {
    size_t start = w->p.i;
    size_t a, b;
    if (!string_at(&w->p, &a, &b)) {
        return 0;
    }
    int kind = key ? field_kind(key, key_len) : K_NONE;
    if (kind == K_NONE) {
        kind = detected_kind(w->p.s + a, b - a);
    }
    if (kind == K_NONE || b == a) {
        return 1;
    }
    if (!out_put(&w->out, w->p.s + w->copied, start - w->copied) || !put_masked(&w->out, kind, w->p.s + a, b - a)) {
        return 0;
    }
    w->copied = w->p.i;
    w->masked++;
    note_name(w, key, key ? key_len : 0);
    return 1;
}

static int object(walk_t *w, int depth) {
    w->p.i++; /* '{' */
    ws(&w->p);
    if (w->p.i < w->p.n && w->p.s[w->p.i] == '}') {
        w->p.i++;
        return 1;
    }
    while (1) {
        size_t a, b;
        ws(&w->p);
        if (!string_at(&w->p, &a, &b)) {
            return 0;
        }
        ws(&w->p);
        if (w->p.i >= w->p.n || w->p.s[w->p.i] != ':') {
            return 0;
        }
        w->p.i++;
        if (!value(w, w->p.s + a, b - a, depth + 1)) {
            return 0;
        }
        ws(&w->p);
        if (w->p.i >= w->p.n) {
            return 0;
        }
        char c = w->p.s[w->p.i++];
        if (c == '}') {
            return 1;
        }
        if (c != ',') {
            return 0;
        }
    }
}

static int array(walk_t *w, const char *key, size_t key_len, int depth) {
    w->p.i++; /* '[' */
    ws(&w->p);
    if (w->p.i < w->p.n && w->p.s[w->p.i] == ']') {
        w->p.i++;
        return 1;
    }
    while (1) {
        if (!value(w, key, key_len, depth + 1)) {
            return 0;
        }
        ws(&w->p);
        if (w->p.i >= w->p.n) {
            return 0;
        }
        char c = w->p.s[w->p.i++];
        if (c == ']') {
            return 1;
        }
        if (c != ',') {
            return 0;
        }
    }
}

static int value(walk_t *w, const char *key, size_t key_len, int depth) {
    if (depth > MAX_DEPTH) {
        return 0;
    }
    ws(&w->p);
    if (w->p.i >= w->p.n) {
        return 0;
    }
    switch (w->p.s[w->p.i]) {
        case '{': return object(w, depth);
        case '[': return array(w, key, key_len, depth);
        case '"': return string_value(w, key, key_len);
        case 't': return literal(&w->p, "true");
        case 'f': return literal(&w->p, "false");
        case 'n': return literal(&w->p, "null");
        default: return number(&w->p);
    }
}

/* ---------------------------------------------------------------- configuration */

static void default_rules(void) {
    add_rule("ssn", 3, K_SSN);
    add_rule("social_security_number", 22, K_SSN);
    add_rule("credit_card", 11, K_CARD);
    add_rule("card_number", 11, K_CARD);
    add_rule("email", 5, K_EMAIL);
    add_rule("phone", 5, K_PHONE);
    add_rule("phone_number", 12, K_PHONE);
    detect = (1 << K_SSN) | (1 << K_CARD) | (1 << K_EMAIL) | (1 << K_PHONE);
}

/* {"fields": {name: kind, ...}, "detect": [kind, ...]}; 0 when malformed. */
static int configure(const char *json, size_t n) {
    scan_t p = {json, n, 0};
    int saw_fields = 0, saw_detect = 0;
    ws(&p);
    if (p.i >= n || json[p.i] != '{') {
        return 0;
    }
    p.i++;
    ws(&p);
    if (p.i < n && json[p.i] == '}') {
        p.i = n;
    }
    while (p.i < n) {
        size_t a, b;
        ws(&p);
        if (!string_at(&p, &a, &b)) {
            return 0;
        }
        ws(&p);
        if (p.i >= n || json[p.i++] != ':') {
            return 0;
        }
        ws(&p);
        if (bytes_equal(json + a, b - a, "fields", 6)) {
            saw_fields = 1;
            if (p.i >= n || json[p.i++] != '{') {
                return 0;
            }
            ws(&p);
            while (p.i < n && json[p.i] != '}') {
                size_t ka, kb, va, vb;
                if (!string_at(&p, &ka, &kb)) return 0;
                ws(&p);
                if (p.i >= n || json[p.i++] != ':') return 0;
                ws(&p);
                if (!string_at(&p, &va, &vb)) return 0;
                if (!add_rule(json + ka, kb - ka, kind_named(json + va, vb - va))) return 0;
                ws(&p);
                if (p.i < n && json[p.i] == ',') { p.i++; ws(&p); }
            }
            p.i++;
        } else if (bytes_equal(json + a, b - a, "detect", 6)) {
            saw_detect = 1;
            detect = 0;
            if (p.i >= n || json[p.i++] != '[') {
                return 0;
            }
            ws(&p);
            while (p.i < n && json[p.i] != ']') {
                size_t va, vb;
                if (!string_at(&p, &va, &vb)) return 0;
                int kind = kind_named(json + va, vb - va);
                if (kind == K_NONE || kind == K_FULL) return 0;
                detect |= 1 << kind;
                ws(&p);
                if (p.i < n && json[p.i] == ',') { p.i++; ws(&p); }
            }
            p.i++;
        } else {
            return 0;
        }
        ws(&p);
        if (p.i < n && json[p.i] == ',') {
            p.i++;
        } else if (p.i < n && json[p.i] == '}') {
            break;
        }
    }
    if (!saw_fields) {
        default_rules();
        if (saw_detect) {
            /* keep the configured detection */
        }
    }
    return 1;
}

/* ---------------------------------------------------------------- callbacks */

EXPORT(proxy_on_context_create) void proxy_on_context_create(u32 context, u32 parent) {
}

EXPORT(proxy_on_configure) u32 proxy_on_configure(u32 root, size_t size) {
    size_t len;
    char *config = plugin_configuration(size, &len);
    int saved_detect;
    rule_count = 0;
    if (!config) {
        default_rules();
    } else {
        detect = -1;
        if (!configure(config, len)) {
            free(config);
            log_text(LOG_ERROR, "pii_mask: configuration must be {\"fields\": {name: ssn|card|email|phone|full}, \"detect\": [kinds]}");
            return 0;
        }
        saved_detect = detect;
        if (saved_detect == -1) {
            detect = (1 << K_SSN) | (1 << K_CARD) | (1 << K_EMAIL) | (1 << K_PHONE);
        }
        free(config);
    }
    proxy_define_metric(COUNTER, "pii_masked_fields", 17, &masked_metric);
    return 1;
}

static int is_json_response(void) {
    char *type = 0;
    size_t len = 0;
    if (proxy_get_header_map_value(RESPONSE_HEADERS, "content-type", 12, &type, &len) != OK) {
        return 0;
    }
    int json = 0;
    for (size_t i = 0; i + 4 <= len; i++) {
        if (bytes_equal(type + i, 4, "json", 4)) {
            json = 1;
        }
    }
    free(type);
    return json;
}

EXPORT(proxy_on_response_headers) u32 proxy_on_response_headers(u32 context, u32 headers, u32 end_of_stream) {
    if (is_json_response()) {
        proxy_remove_header_map_value(RESPONSE_HEADERS, "content-length", 14); /* the body may change length */
    }
    return CONTINUE;
}

EXPORT(proxy_on_response_body) u32 proxy_on_response_body(u32 context, size_t size, u32 end_of_stream) {
    if (!is_json_response()) {
        return CONTINUE;
    }
    if (!end_of_stream) {
        return PAUSE; /* StopIterationAndBuffer: called again with the whole body at its end */
    }
    char *body = 0;
    size_t len = 0;
    if (size == 0 || proxy_get_buffer_bytes(RESPONSE_BODY, 0, size, &body, &len) != OK) {
        return CONTINUE;
    }
    walk_t w = {{body, len, 0}, {0, 0, 0}, 0, 0, {0}, 0};
    int valid = value(&w, 0, 0, 0);
    ws(&w.p);
    if (valid && w.p.i == len && w.masked > 0 && out_put(&w.out, body + w.copied, len - w.copied)) {
        proxy_set_buffer_bytes(RESPONSE_BODY, 0, len, w.out.data, w.out.len);
        proxy_increment_metric(masked_metric, w.masked);
        static const char prefix[] = "pii_mask: masked fields: ";
        char line[sizeof prefix + sizeof w.names];
        mem_copy(line, prefix, sizeof prefix - 1);
        mem_copy(line + sizeof prefix - 1, w.names, w.names_len);
        size_t line_len = sizeof prefix - 1 + w.names_len;
        if (w.names_len == 0) {
            mem_copy(line + line_len, "(values in lists)", 17);
            line_len += 17;
        }
        proxy_log(LOG_INFO, line, line_len);
    }
    free(w.out.data);
    free(body);
    return CONTINUE;
}
