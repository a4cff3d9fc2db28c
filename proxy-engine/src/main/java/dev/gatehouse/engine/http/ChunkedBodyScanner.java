package dev.gatehouse.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Follows a chunked body (RFC 9112 §7.1) only to find where it ends, so the guard knows where the next
 * request head starts. Chunk data is skipped without being looked at; chunk-size lines must be hex with an
 * optional extension and end in CRLF, chunk data must be followed by CRLF, and the trailer section gets
 * the same checks as a request head. State carries over between {@link #scan} calls.
 */
final class ChunkedBodyScanner implements ByteProcessor {
    private enum State { SIZE_START, SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILERS, COMPLETE, FAILED }

    /** Larger sizes would overflow on the next hex digit; Netty refuses far smaller ones anyway. */
    private static final long MAX_SIZE_BEFORE_DIGIT = Long.MAX_VALUE >>> 4;

    private final HeadScanner trailers = new HeadScanner();
    private State state = State.COMPLETE;
    private long size;
    private long dataRemaining;
    private ProtocolViolation violation;

    void begin() {
        state = State.SIZE_START;
        size = 0;
        violation = null;
    }

    /**
     * Scans {@code in} from {@code from} (inclusive) to {@code to} (exclusive) without moving its indexes.
     *
     * @return the index after the last byte scanned: just past the body's final LF when {@link #complete()}
     */
    int scan(ByteBuf in, int from, int to) {
        int i = from;
        while (i < to) {
            switch (state) {
                case DATA -> {
                    int skip = (int) Math.min(dataRemaining, to - i);
                    i += skip;
                    dataRemaining -= skip;
                    if (dataRemaining == 0) {
                        state = State.DATA_CR;
                    }
                }
                case TRAILERS -> {
                    i = trailers.scan(in, i, to);
                    if (trailers.violation() != null) {
                        violation = trailers.violation();
                        state = State.FAILED;
                    } else if (trailers.complete()) {
                        state = State.COMPLETE;
                    }
                }
                case COMPLETE, FAILED -> {
                    return i;
                }
                default -> {
                    int stop = in.forEachByte(i, to - i, this);
                    if (stop < 0) {
                        return to;
                    }
                    i = stop + 1;
                }
            }
        }
        return i;
    }

    boolean complete() {
        return state == State.COMPLETE;
    }

    /** The first rule broken, or null. */
    ProtocolViolation violation() {
        return violation;
    }

    /** Walks chunk-size lines and data delimiters; stops where {@link #scan} must switch to data or trailers. */
    @Override
    public boolean process(byte value) {
        int c = value & 0xFF;
        switch (state) {
            case SIZE_START -> {
                int digit = hexValue(c);
                if (digit < 0) {
                    return fail();
                }
                size = digit;
                state = State.SIZE;
            }
            case SIZE -> {
                int digit = hexValue(c);
                if (digit >= 0) {
                    if (size > MAX_SIZE_BEFORE_DIGIT) {
                        return fail();
                    }
                    size = size << 4 | digit;
                } else if (c == '\r') {
                    state = State.SIZE_LF;
                } else if (c == ';' || c == ' ' || c == '\t') {
                    state = State.EXTENSION;
                } else {
                    return fail();
                }
            }
            case EXTENSION -> {
                if (c == '\r') {
                    state = State.SIZE_LF;
                } else if (c != '\t' && (c < 0x20 || c == 0x7F)) {
                    return fail();
                }
            }
            case SIZE_LF -> {
                if (c != '\n') {
                    return fail();
                }
                if (size == 0) {
                    state = State.TRAILERS;
                    trailers.beginTrailers();
                } else {
                    state = State.DATA;
                    dataRemaining = size;
                }
                return false;
            }
            case DATA_CR -> {
                if (c != '\r') {
                    return fail();
                }
                state = State.DATA_LF;
            }
            case DATA_LF -> {
                if (c != '\n') {
                    return fail();
                }
                state = State.SIZE_START;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private boolean fail() {
        violation = ProtocolViolation.INVALID_CHUNKED_BODY;
        state = State.FAILED;
        return false;
    }
}
