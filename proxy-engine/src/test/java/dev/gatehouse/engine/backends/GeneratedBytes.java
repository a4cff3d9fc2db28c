package dev.gatehouse.engine.backends;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** A long, deterministic, noisy byte sequence made on the fly, so a test can upload 50 MB without holding it. */
final class GeneratedBytes extends InputStream {
    private final long length;
    private long position;

    GeneratedBytes(long length) {
        this.length = length;
    }

    static String sha256Of(long length) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        try (var in = new GeneratedBytes(length)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public int read() {
        return position < length ? at(position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        int n = (int) Math.min(count, length - position);
        if (n <= 0) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = at(position++);
        }
        return n;
    }

    private static byte at(long index) {
        return (byte) ((index * 0x9E3779B97F4A7C15L) >>> 56);
    }
}
