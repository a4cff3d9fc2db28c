package dev.gatehouse.engine.http;

import dev.gatehouse.engine.http.DecoderProgress.Boundary;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Objects;

/**
 * Sits in front of the HTTP codec and checks the raw bytes of every request head (and chunked trailer
 * section) for what the decoder would tolerate or silently repair; see {@link HeadScanner}. Body bytes are
 * skipped unexamined: after each head the validator says how the body is framed, the guard counts off a
 * fixed length or follows the chunk lines, and the next head starts right after.
 *
 * <p>Bytes go on as retained slices of the read buffer, split at every head end and body end so the
 * decoder finishes each one in its own call; the validator admits a decoded head or body end only where
 * the guard announced one. If the two ever disagree on a boundary the connection is refused rather than
 * trusting either. A violation is fired as a user event for the validator, which answers and closes; from
 * then on everything read is dropped. Remove this handler together with the codec when a connection stops
 * speaking HTTP/1.1 (upgrade, CONNECT tunnel); bytes read after the head that caused the switch then go on
 * unexamined.
 */
final class RequestHeadGuard extends ChannelInboundHandlerAdapter {
    private enum Mode { HEAD, FIXED_LENGTH_BODY, CHUNKED_BODY }

    private final DecoderProgress progress;
    private final HeadScanner head = new HeadScanner();
    private final ChunkedBodyScanner chunks = new ChunkedBodyScanner();
    private Mode mode = Mode.HEAD;
    private long bodyRemaining;

    RequestHeadGuard(DecoderProgress progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        head.beginRequestHead();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!progress.rejected()) {
                guard(ctx, in);
            }
        } finally {
            in.release();
        }
    }

    private void guard(ChannelHandlerContext ctx, ByteBuf in) {
        int end = in.writerIndex();
        int segmentStart = in.readerIndex();
        int i = segmentStart;
        while (i < end) {
            Boundary boundary = Boundary.NONE;
            switch (mode) {
                case HEAD -> {
                    i = head.scan(in, i, end);
                    if (head.violation() != null) {
                        refuse(ctx, head.violation());
                        return;
                    }
                    if (head.complete()) {
                        boundary = Boundary.HEAD_END;
                    }
                }
                case FIXED_LENGTH_BODY -> {
                    int skip = (int) Math.min(bodyRemaining, end - i);
                    i += skip;
                    bodyRemaining -= skip;
                    if (bodyRemaining == 0) {
                        boundary = Boundary.BODY_END;
                    }
                }
                case CHUNKED_BODY -> {
                    i = chunks.scan(in, i, end);
                    if (chunks.violation() != null) {
                        refuse(ctx, chunks.violation());
                        return;
                    }
                    if (chunks.complete()) {
                        boundary = Boundary.BODY_END;
                    }
                }
            }
            if (boundary != Boundary.NONE) {
                if (!forward(ctx, in, segmentStart, i, boundary)) {
                    return;
                }
                if (ctx.isRemoved()) {
                    // That head switched the connection to another protocol (h2c upgrade): the rest is its bytes.
                    if (i < end) {
                        ctx.fireChannelRead(in.retainedSlice(i, end - i));
                    }
                    return;
                }
                segmentStart = i;
                enterNext(boundary);
            }
        }
        if (segmentStart < end) {
            forward(ctx, in, segmentStart, end, Boundary.NONE);
        }
    }

    /** Hands one segment to the decoder; false once the connection is refused. */
    private boolean forward(ChannelHandlerContext ctx, ByteBuf in, int from, int to, Boundary boundary) {
        progress.announce(boundary);
        ctx.fireChannelRead(in.retainedSlice(from, to - from));
        if (progress.rejected()) {
            return false;
        }
        if (!progress.boundaryReached()) {
            // The decoder did not end a head or body where we did: we no longer know which bytes are heads.
            refuse(ctx, ProtocolViolation.MALFORMED_REQUEST);
            return false;
        }
        return true;
    }

    private void enterNext(Boundary boundary) {
        if (boundary == Boundary.BODY_END) {
            startHead();
            return;
        }
        switch (progress.framing()) {
            case NO_BODY -> startHead();
            case FIXED_LENGTH -> {
                mode = Mode.FIXED_LENGTH_BODY;
                bodyRemaining = progress.contentLength();
            }
            case CHUNKED -> {
                mode = Mode.CHUNKED_BODY;
                chunks.begin();
            }
        }
    }

    private void startHead() {
        mode = Mode.HEAD;
        head.beginRequestHead();
    }

    private static void refuse(ChannelHandlerContext ctx, ProtocolViolation violation) {
        ctx.fireUserEventTriggered(violation);
    }
}
