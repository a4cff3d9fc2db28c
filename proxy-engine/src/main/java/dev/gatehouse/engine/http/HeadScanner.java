package dev.gatehouse.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Checks the raw bytes of a request head, or of a chunked body's trailer section, for what Netty's
 * decoder would tolerate or silently repair: bare CR or LF, obsolete line folding (which Netty joins into
 * the previous value), whitespace or non-token bytes in field names, control bytes in values (and in the
 * request target, which Netty drops), and a request line that is not exactly three tokens with single
 * spaces. Bytes may arrive in any number of pieces; state carries over between {@link #scan} calls.
 */
final class HeadScanner implements ByteProcessor {
    private enum State {
        LEADING_EMPTY_LINES, REQUEST_LINE, FIELD_LINE_START, FIELD_NAME, FIELD_VALUE, AFTER_CR, COMPLETE, FAILED
    }

    private State state = State.COMPLETE;
    /** The state the last CR arrived in, i.e. which kind of line it ends. */
    private State lineState;
    private int requestLineSpaces;
    private boolean inToken;
    private ProtocolViolation violation;

    /** Starts a request head; empty lines before the request line are allowed (RFC 9112 §2.2). */
    void beginRequestHead() {
        state = State.LEADING_EMPTY_LINES;
        requestLineSpaces = 0;
        inToken = false;
        violation = null;
    }

    /** Starts a trailer section: field lines up to an empty line. */
    void beginTrailers() {
        state = State.FIELD_LINE_START;
        violation = null;
    }

    /**
     * Scans {@code in} from {@code from} (inclusive) to {@code to} (exclusive) without moving its indexes.
     *
     * @return the index after the last byte scanned: just past the head's final LF when {@link #complete()}
     */
    int scan(ByteBuf in, int from, int to) {
        if (state == State.COMPLETE || state == State.FAILED) {
            return from;
        }
        int stop = in.forEachByte(from, to - from, this);
        return stop < 0 ? to : stop + 1;
    }

    boolean complete() {
        return state == State.COMPLETE;
    }

    /** The first rule broken, or null. */
    ProtocolViolation violation() {
        return violation;
    }

    @Override
    public boolean process(byte value) {
        int c = value & 0xFF;
        if (state == State.AFTER_CR) {
            return endLine(c);
        }
        if (c == '\r') {
            lineState = state;
            state = State.AFTER_CR;
            return true;
        }
        if (c == '\n') {
            return fail(ProtocolViolation.BARE_LF);
        }
        return switch (state) {
            case LEADING_EMPTY_LINES -> {
                state = State.REQUEST_LINE;
                yield requestLine(c);
            }
            case REQUEST_LINE -> requestLine(c);
            case FIELD_LINE_START -> fieldLineStart(c);
            case FIELD_NAME -> fieldName(c);
            case FIELD_VALUE -> fieldValue(c);
            default -> false;
        };
    }

    private boolean endLine(int c) {
        if (c != '\n') {
            return fail(ProtocolViolation.BARE_CR);
        }
        switch (lineState) {
            case LEADING_EMPTY_LINES -> state = State.LEADING_EMPTY_LINES;
            case REQUEST_LINE -> {
                if (requestLineSpaces != 2 || !inToken) {
                    return fail(ProtocolViolation.MALFORMED_REQUEST_LINE);
                }
                state = State.FIELD_LINE_START;
            }
            case FIELD_LINE_START -> {
                state = State.COMPLETE;
                return false;
            }
            case FIELD_NAME -> {
                return fail(ProtocolViolation.INVALID_HEADER_NAME); // a field line without a colon
            }
            case FIELD_VALUE -> state = State.FIELD_LINE_START;
            default -> throw new IllegalStateException("no line ends in " + lineState);
        }
        return true;
    }

    private boolean requestLine(int c) {
        if (c == ' ') {
            // A second space in a row, a leading one, or a fourth token.
            if (!inToken || ++requestLineSpaces > 2) {
                return fail(ProtocolViolation.MALFORMED_REQUEST_LINE);
            }
            inToken = false;
            return true;
        }
        // HTAB and other whitespace would be accepted as separators by Netty; controls would vanish from the target.
        if (c < 0x21 || c > 0x7E) {
            return fail(ProtocolViolation.MALFORMED_REQUEST_LINE);
        }
        inToken = true;
        return true;
    }

    private boolean fieldLineStart(int c) {
        if (c == ' ' || c == '\t') {
            return fail(ProtocolViolation.OBS_FOLD);
        }
        if (!AsciiClass.isTokenChar(c)) {
            return fail(ProtocolViolation.INVALID_HEADER_NAME);
        }
        state = State.FIELD_NAME;
        return true;
    }

    private boolean fieldName(int c) {
        if (c == ':') {
            state = State.FIELD_VALUE;
            return true;
        }
        return AsciiClass.isTokenChar(c) || fail(ProtocolViolation.INVALID_HEADER_NAME);
    }

    private boolean fieldValue(int c) {
        // VCHAR, SP, HTAB and obs-text (0x80-0xFF) per RFC 9110 §5.5; CR and LF were handled by the caller.
        return c == '\t' || (c >= 0x20 && c != 0x7F) || fail(ProtocolViolation.INVALID_HEADER_VALUE);
    }

    private boolean fail(ProtocolViolation broken) {
        violation = broken;
        state = State.FAILED;
        return false;
    }
}
