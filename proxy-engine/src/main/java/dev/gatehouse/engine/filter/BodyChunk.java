package dev.gatehouse.engine.filter;

import io.netty.buffer.ByteBuf;

/**
 * A piece of a message body as a filter sees it: one chunk as it streams by, or the whole body when
 * the filter asked for buffering. The filter may read the bytes or replace them; it must not release
 * the buffer it was given (the exchange owns it) but hands over ownership of a replacement.
 */
public interface BodyChunk {
    /** The bytes; read them without moving the reader index, e.g. with {@code toString(charset)}. */
    ByteBuf content();

    /** Replaces the bytes (the exchange releases the old ones and takes ownership of these). */
    void replace(ByteBuf replacement);

    /** True for the last chunk (always true for a buffered body). */
    boolean endOfStream();
}
