package dev.gatehouse.engine.filters.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that keep token buckets in Redis, each run atomically by the server. Times are
 * the server's ({@code TIME}, in microseconds), so engines with skewed clocks agree. A bucket is a
 * string key holding the microsecond at which it is full again; it expires then, so idle buckets
 * cost no memory. Numbers are written with {@code %.0f}: Lua would print large ones in exponent form.
 */
final class BucketScripts {
    /**
     * Takes one token from every bucket, or from none. KEYS: the buckets; ARGV: per bucket its refill
     * interval (microseconds) and capacity. Returns {@code allowed, now} then per bucket
     * {@code allowed, remaining, reset_after_us, retry_after_us}.
     */
    static final Script TAKE = new Script("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local out = {1, now}
            local nexts = {}
            for i = 1, #KEYS do
              local interval = tonumber(ARGV[2 * i - 1])
              local span = tonumber(ARGV[2 * i]) * interval
              local full_at = tonumber(redis.call('GET', KEYS[i])) or now
              local base = math.max(full_at, now)
              local nxt = base + interval
              if nxt - now > span then
                out[1] = 0
                table.insert(out, 0); table.insert(out, 0)
                table.insert(out, base - now); table.insert(out, nxt - now - span)
              else
                nexts[i] = nxt
                table.insert(out, 1); table.insert(out, math.floor((span - (nxt - now)) / interval))
                table.insert(out, nxt - now); table.insert(out, 0)
              end
            end
            if out[1] == 1 then
              for i = 1, #KEYS do
                redis.call('SET', KEYS[i], string.format('%.0f', nexts[i]),
                  'PX', string.format('%.0f', math.ceil((nexts[i] - now) / 1000) + 1000))
              end
            else
              for i = 1, #KEYS do
                if nexts[i] then
                  local at = 2 + 4 * (i - 1)
                  out[at + 2] = out[at + 2] + 1
                end
              end
            end
            return out
            """);

    /** Puts one token back into each bucket (KEYS) with its refill interval (ARGV, microseconds). */
    static final Script REFUND = new Script("""
            for i = 1, #KEYS do
              local v = tonumber(redis.call('GET', KEYS[i]))
              if v then
                redis.call('SET', KEYS[i], string.format('%.0f', v - tonumber(ARGV[i])), 'KEEPTTL')
              end
            end
            return 1
            """);

    /** Reads buckets without changing them: returns {@code now} then each bucket's full-at time, or -1. */
    static final Script PEEK = new Script("""
            local t = redis.call('TIME')
            local out = {tonumber(t[1]) * 1000000 + tonumber(t[2])}
            for i = 1, #KEYS do
              table.insert(out, tonumber(redis.call('GET', KEYS[i])) or -1)
            end
            return out
            """);

    private BucketScripts() {
    }

    /** A script and its SHA-1, for EVALSHA. */
    record Script(String text, String sha) {
        Script(String text) {
            this(text, sha1(text));
        }

        private static String sha1(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
            }
        }
    }
}
