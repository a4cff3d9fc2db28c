package dev.gatehouse.engine.backends;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * A response body of {@code length} pattern bytes, read chunk by chunk. Netty's
 * {@link io.netty.handler.stream.ChunkedWriteHandler} pulls the next chunk only while the channel is
 * writable and resumes when it becomes writable again, so a slow client holds the server to its pace
 * and a gigabyte costs no more memory than a kilobyte.
 */
final class PatternBody implements ChunkedInput<ByteBuf> {
    private final StreamPattern pattern;
    private final long length;
    private long offset;

    PatternBody(StreamPattern pattern, long length) {
        this.pattern = pattern;
        this.length = length;
    }

    @Override
    public boolean isEndOfInput() {
        return offset >= length;
    }

    /** Required by the interface though Netty deprecated it; the allocator variant does the work. */
    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        if (isEndOfInput()) {
            return null;
        }
        int size = (int) Math.min(pattern.chunkBytes(), length - offset);
        ByteBuf chunk = pattern.slice(offset, size);
        offset += size;
        return chunk;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return offset;
    }

    @Override
    public void close() {
        // Nothing to free: chunks are slices of the shared pattern window.
    }
}
