package dev.gatehouse.engine.backends;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The bytes the {@code stream} kind serves: printable ASCII from {@code '!'} to {@code '~'} over and
 * over, so byte {@code i} of a response is {@code '!' + i % 94}. Readable in a terminal, and any
 * chunk can be checked on its own.
 *
 * <p>One window of the pattern, a chunk plus a period long, is built per backend; every chunk of every
 * response is a slice of it, so serving allocates no body memory at all.
 */
final class StreamPattern {
    static final int PERIOD = 94;
    private static final byte FIRST = '!';

    private final int chunkBytes;
    private final ByteBuf window;

    StreamPattern(int chunkBytes) {
        this.chunkBytes = chunkBytes;
        var bytes = new byte[chunkBytes + PERIOD];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = byteAt(i);
        }
        // Shared by every connection of the backend: the slices handed out must never free it.
        this.window = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes));
    }

    static byte byteAt(long offset) {
        return (byte) (FIRST + offset % PERIOD);
    }

    int chunkBytes() {
        return chunkBytes;
    }

    /** The {@code length} bytes of a response starting at {@code offset}; {@code length <= chunkBytes()}. */
    ByteBuf slice(long offset, int length) {
        return window.slice((int) (offset % PERIOD), length);
    }
}
