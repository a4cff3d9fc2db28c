package dev.gatehouse.engine.upstream.lb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns a request attribute (a header value, a cookie, a client address) into the hash key that
 * {@link LoadBalancer#choose(long)} takes, so that every caller hashes the same way and the same
 * attribute always reaches the same endpoint.
 *
 * <p>The hash is XXH64 with seed 0, written from the xxHash specification: fast on short keys and
 * well mixed in all 64 bits, which matters because ring hash compares whole keys and Maglev takes
 * them modulo a prime.
 */
public final class HashKeys {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private HashKeys() {
    }

    /** The hash of the UTF-8 encoding of {@code key}, equal to {@code hash(key's UTF-8 bytes)}. */
    public static long hash(CharSequence key) {
        Objects.requireNonNull(key, "key");
        return hash(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The hash of {@code key}'s bytes. */
    public static long hash(byte[] key) {
        return hash(Objects.requireNonNull(key, "key"), 0);
    }

    /** XXH64 with a seed; the hashing balancers derive independent hashes of one name from it. */
    static long hash(byte[] in, long seed) {
        int length = in.length;
        int i = 0;
        long acc;
        if (length >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            for (int stripesEnd = length - 32; i <= stripesEnd; i += 32) {
                v1 = round(v1, (long) LONGS.get(in, i));
                v2 = round(v2, (long) LONGS.get(in, i + 8));
                v3 = round(v3, (long) LONGS.get(in, i + 16));
                v4 = round(v4, (long) LONGS.get(in, i + 24));
            }
            acc = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            acc = mergeRound(acc, v1);
            acc = mergeRound(acc, v2);
            acc = mergeRound(acc, v3);
            acc = mergeRound(acc, v4);
        } else {
            acc = seed + P5;
        }
        acc += length;
        for (; i + 8 <= length; i += 8) {
            acc ^= round(0, (long) LONGS.get(in, i));
            acc = Long.rotateLeft(acc, 27) * P1 + P4;
        }
        if (i + 4 <= length) {
            acc ^= Integer.toUnsignedLong((int) INTS.get(in, i)) * P1;
            acc = Long.rotateLeft(acc, 23) * P2 + P3;
            i += 4;
        }
        for (; i < length; i++) {
            acc ^= (in[i] & 0xFFL) * P5;
            acc = Long.rotateLeft(acc, 11) * P1;
        }
        return avalanche(acc);
    }

    private static long round(long acc, long lane) {
        acc += lane * P2;
        return Long.rotateLeft(acc, 31) * P1;
    }

    private static long mergeRound(long acc, long v) {
        acc ^= round(0, v);
        return acc * P1 + P4;
    }

    private static long avalanche(long h) {
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        return h ^ (h >>> 32);
    }
}
