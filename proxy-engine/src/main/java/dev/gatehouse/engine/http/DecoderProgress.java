package dev.gatehouse.engine.http;

/**
 * What the guard in front of the HTTP codec and the validator behind it tell each other about one
 * connection. Netty's server codec does not say where it thinks a request head or body ends, so the
 * guard announces each boundary before handing bytes over and the validator admits a decoded head or
 * body end only where one was announced; the validator in turn tells the guard how the body after an
 * admitted head is framed, and when the connection was refused. Both run on the channel's event loop.
 */
final class DecoderProgress {
    /** Where a segment handed to the decoder ends. */
    enum Boundary { NONE, HEAD_END, BODY_END }

    /** How the body after the latest admitted head is delimited. */
    enum Framing { NO_BODY, FIXED_LENGTH, CHUNKED }

    private final boolean guarded;
    private Boundary announced = Boundary.NONE;
    private Framing framing = Framing.NO_BODY;
    private long contentLength;
    private boolean rejected;

    private DecoderProgress(boolean guarded) {
        this.guarded = guarded;
    }

    /** For a pipeline with the raw-bytes guard: heads and body ends are admitted only where announced. */
    static DecoderProgress guarded() {
        return new DecoderProgress(true);
    }

    /** For a validator without a guard (tests of Netty's own checks): everything is admitted. */
    static DecoderProgress unguarded() {
        return new DecoderProgress(false);
    }

    void announce(Boundary boundary) {
        announced = boundary;
    }

    /** True once the decoder produced the announced boundary, i.e. the validator admitted it. */
    boolean boundaryReached() {
        return announced == Boundary.NONE;
    }

    boolean admit(Boundary boundary) {
        if (!guarded) {
            return true;
        }
        if (announced != boundary) {
            return false;
        }
        announced = Boundary.NONE;
        return true;
    }

    void expectChunkedBody() {
        framing = Framing.CHUNKED;
        contentLength = 0;
    }

    /** A zero length means no body at all. */
    void expectFixedLengthBody(long length) {
        framing = length == 0 ? Framing.NO_BODY : Framing.FIXED_LENGTH;
        contentLength = length;
    }

    Framing framing() {
        return framing;
    }

    long contentLength() {
        return contentLength;
    }

    void reject() {
        rejected = true;
    }

    boolean rejected() {
        return rejected;
    }
}
