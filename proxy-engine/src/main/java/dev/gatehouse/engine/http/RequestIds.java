package dev.gatehouse.engine.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The id that ties a request's response, local reply, access log line and trace together
 * ({@code x-request-id}): a random UUID unless the client sent a usable one.
 */
final class RequestIds {
    private static final int MAX_INCOMING_LENGTH = 128;

    private RequestIds() {
    }

    /** Keeps a sane incoming id (so traces join up across hops), otherwise makes a new one. */
    static String keepOrCreate(String incoming) {
        if (incoming != null && !incoming.isEmpty() && incoming.length() <= MAX_INCOMING_LENGTH
                && isVisibleAscii(incoming)) {
            return incoming;
        }
        return create();
    }

    /** A new random id in UUID version 4 layout. */
    static String create() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lo = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    private static boolean isVisibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
