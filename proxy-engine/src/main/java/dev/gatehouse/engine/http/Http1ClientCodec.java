package dev.gatehouse.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.CharsetUtil;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * The HTTP/1.1 codec of an upstream connection, in place of Netty's {@code HttpClientCodec}: it writes
 * request heads and (chunked or plain) bodies, and reads responses into the same messages Netty's would
 * make ({@code HttpResponse}, {@code HttpContent}s, one {@code LastHttpContent}). It exists because the
 * general codec was a tenth of the gateway's CPU per proxied request; this one parses a response head in
 * one pass over a copied byte array, builds its header values as Latin-1 strings without validating them
 * twice, and reuses the common header names.
 *
 * <p>Responses are framed as RFC 9112 §6.3 says: none for HEAD, 1xx, 204 and 304; chunked when the
 * last transfer coding is chunked (a Content-Length beside it is dropped); else by Content-Length;
 * else until the connection closes. After a 101 the bytes that follow go on untouched. Lines may end in
 * LF alone, as most proxies accept from an upstream; obsolete line folding is replaced by a space (the
 * choice RFC 9112 §5.2 gives a proxy). Anything else malformed (a bad status line, field name, chunk size
 * or Content-Length, a head over {@code maxHeadBytes}) fails the connection with a
 * {@link DecoderException}, which the exchange answers as an upstream reset.
 */
public final class Http1ClientCodec extends ChannelDuplexHandler {
    private enum State { HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, UPGRADED, FAILED }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};
    private static final byte[] HTTP_1_1 = " HTTP/1.1\r\n".getBytes(CharsetUtil.US_ASCII);
    private static final long MAX_CHUNK_SIZE_BEFORE_DIGIT = Long.MAX_VALUE >>> 4;

    private final int maxHeadBytes;
    /** Methods of requests written and not yet answered: a HEAD's response has no body. */
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
    private final ResponseHeadParser heads = new ResponseHeadParser();
    private boolean requestChunked;
    private int lastHeadSize = 256;

    private State state = State.HEAD;
    /** Bytes of an unfinished head or line, kept until the rest arrives. */
    private ByteBuf pending;
    /** In an unfinished head or trailer section: where its last, incomplete line starts (from the reader index). */
    private int blockLineStart;
    /** How far (from the reader index) that line was already searched for its LF. */
    private int blockSearched;
    private long bodyRemaining;

    /** @param maxHeadBytes the longest response head (status line and fields) accepted */
    public Http1ClientCodec(int maxHeadBytes) {
        this.maxHeadBytes = maxHeadBytes;
    }

    // ---------------------------------------------------------------- writing requests

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FullHttpRequest full && !full.content().isReadable()
                && !HttpUtil.isTransferEncodingChunked(full)) {
            writeHead(ctx, full, promise); // a body-less request: the head is all there is
            full.release();
        } else if (msg instanceof HttpRequest request) {
            writeHead(ctx, request, msg instanceof FullHttpRequest ? ctx.voidPromise() : promise);
            if (msg instanceof FullHttpRequest full) {
                writeContent(ctx, full, promise);
            }
        } else if (msg instanceof HttpContent content) {
            writeContent(ctx, content, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    private void writeHead(ChannelHandlerContext ctx, HttpRequest request, ChannelPromise promise) {
        methods.addLast(request.method());
        requestChunked = HttpUtil.isTransferEncodingChunked(request);
        ByteBuf out = ctx.alloc().buffer(lastHeadSize + 64);
        // writeAscii writes each char as its low byte: Latin-1 as our decoders read it.
        ByteBufUtil.writeAscii(out, request.method().asciiName());
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, request.uri());
        out.writeBytes(HTTP_1_1);
        writeFields(out, request.headers());
        lastHeadSize = out.readableBytes();
        ctx.write(out, promise);
    }

    private void writeContent(ChannelHandlerContext ctx, HttpContent content, ChannelPromise promise) {
        ByteBuf data = content.content();
        boolean last = content instanceof LastHttpContent;
        if (!requestChunked) {
            if (data.isReadable()) {
                ctx.write(data, promise);
                return;
            }
            data.release();
            if (!promise.isVoid()) {
                ctx.write(Unpooled.EMPTY_BUFFER, promise);
            }
            return;
        }
        if (data.isReadable()) {
            ByteBuf size = ctx.alloc().buffer(10);
            size.writeCharSequence(Integer.toHexString(data.readableBytes()), CharsetUtil.US_ASCII);
            size.writeBytes(CRLF);
            ctx.write(size, ctx.voidPromise());
            ctx.write(data, ctx.voidPromise());
            if (!last) {
                ctx.write(Unpooled.wrappedBuffer(CRLF), promise);
                return;
            }
            ctx.write(Unpooled.wrappedBuffer(CRLF), ctx.voidPromise());
        } else {
            data.release();
        }
        if (last) {
            ByteBuf end = ctx.alloc().buffer(16);
            end.writeBytes(LAST_CHUNK);
            writeFields(end, ((LastHttpContent) content).trailingHeaders());
            ctx.write(end, promise);
        } else if (!promise.isVoid()) {
            ctx.write(Unpooled.EMPTY_BUFFER, promise);
        }
    }

    /** Field lines and the empty line that ends them. writeAscii writes each char's low byte: Latin-1. */
    private static void writeFields(ByteBuf out, HttpHeaders fields) {
        var entries = fields.iteratorCharSequence();
        while (entries.hasNext()) {
            Map.Entry<CharSequence, CharSequence> field = entries.next();
            ByteBufUtil.writeAscii(out, field.getKey());
            out.writeByte(':').writeByte(' ');
            ByteBufUtil.writeAscii(out, field.getValue());
            out.writeBytes(CRLF);
        }
        out.writeBytes(CRLF);
    }

    // ---------------------------------------------------------------- reading responses

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf read)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.UPGRADED) {
            ctx.fireChannelRead(read);
            return;
        }
        if (state == State.FAILED) {
            read.release();
            return;
        }
        ByteBuf in = read;
        boolean ownBuffer = pending != null;
        if (ownBuffer) {
            in = pending.writeBytes(read);
            read.release();
            pending = null;
        }
        try {
            decode(ctx, in, ownBuffer);
        } finally {
            in.release();
        }
    }

    /** @param ownBuffer {@code in} is {@link #pending} with a read appended, not a read buffer */
    private void decode(ChannelHandlerContext ctx, ByteBuf in, boolean ownBuffer) {
        while (in.isReadable() && state != State.FAILED) {
            if (ctx.isRemoved() || state == State.UPGRADED) {
                // A 101 handed the connection to a tunnel: the rest is its bytes.
                ctx.fireChannelRead(in.retainedSlice());
                in.skipBytes(in.readableBytes());
                return;
            }
            boolean progressed = switch (state) {
                case HEAD -> readHead(ctx, in);
                case FIXED_BODY -> readFixedBody(ctx, in);
                case CHUNK_SIZE -> readChunkSize(ctx, in);
                case CHUNK_DATA -> readChunkData(ctx, in);
                case CHUNK_END -> readChunkEnd(ctx, in);
                case TRAILERS -> readTrailers(ctx, in);
                case UNTIL_CLOSE -> {
                    ctx.fireChannelRead(new DefaultHttpContent(in.readRetainedSlice(in.readableBytes())));
                    yield true;
                }
                default -> false;
            };
            if (!progressed) {
                if (state != State.FAILED) {
                    keepPending(ctx, in, ownBuffer);
                }
                return;
            }
        }
    }

    private boolean readHead(ChannelHandlerContext ctx, ByteBuf in) {
        int end = blockEnd(in, true);
        if (end < 0) {
            if (in.readableBytes() > maxHeadBytes) {
                return fail(ctx, "response head larger than " + maxHeadBytes + " bytes");
            }
            return false;
        }
        int length = end - in.readerIndex();
        if (length > maxHeadBytes) {
            return fail(ctx, "response head larger than " + maxHeadBytes + " bytes");
        }
        byte[] head = new byte[length];
        in.readBytes(head);
        ResponseHeadParser.Head parsed = heads.parse(head);
        if (parsed.error() != null) {
            return fail(ctx, parsed.error());
        }
        var response = new DefaultHttpResponse(parsed.version(), parsed.status(), parsed.headers());
        int code = parsed.status().code();
        boolean informational = code >= 100 && code < 200;
        HttpMethod method = informational ? methods.peekFirst() : methods.pollFirst();
        // The framing is settled before the head goes on: whoever receives it may edit its headers.
        State body;
        if (code == 101) {
            body = State.UPGRADED;
        } else if (informational || HttpMethod.HEAD.equals(method) || code == 204 || code == 304) {
            body = State.HEAD;
        } else {
            body = framing(parsed.headers());
            if (body == State.FAILED) {
                return fail(ctx, "invalid Content-Length "
                        + String.join(", ", parsed.headers().getAll(HttpHeaderNames.CONTENT_LENGTH)));
            }
        }
        boolean bodyless = body == State.HEAD || body == State.FIXED_BODY && bodyRemaining == 0;
        ctx.fireChannelRead(response);
        if (bodyless || body == State.UPGRADED) {
            endBody(ctx, LastHttpContent.EMPTY_LAST_CONTENT); // as Netty's decoder, also after a 101
        }
        if (!bodyless) {
            state = body;
        }
        return true;
    }

    /** How the body after a head is delimited (RFC 9112 §6.3); FAILED for a bad Content-Length. */
    private State framing(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH); // chunked framing wins; the length would mislead
            return finalCodingIsChunked(headers) ? State.CHUNK_SIZE : State.UNTIL_CLOSE;
        }
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return State.UNTIL_CLOSE;
        }
        var fields = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        long length = RequestHeadRules.contentLength(fields);
        if (length < 0) {
            return State.FAILED;
        }
        if (fields.size() > 1) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length)); // one canonical field onward
        }
        bodyRemaining = length;
        return State.FIXED_BODY;
    }

    private boolean readFixedBody(ChannelHandlerContext ctx, ByteBuf in) {
        int take = (int) Math.min(bodyRemaining, in.readableBytes());
        ByteBuf part = in.readRetainedSlice(take);
        bodyRemaining -= take;
        if (bodyRemaining == 0) {
            endBody(ctx, new DefaultLastHttpContent(part));
        } else {
            ctx.fireChannelRead(new DefaultHttpContent(part));
        }
        return true;
    }

    private boolean readChunkSize(ChannelHandlerContext ctx, ByteBuf in) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            return in.readableBytes() > 1024 ? fail(ctx, "chunk-size line too long") : false;
        }
        long size = 0;
        int digits = 0;
        int i = in.readerIndex();
        for (; i < lf; i++) {
            int digit = Character.digit(in.getByte(i), 16);
            if (digit < 0) {
                break;
            }
            if (size > MAX_CHUNK_SIZE_BEFORE_DIGIT) {
                return fail(ctx, "chunk size too large");
            }
            size = size << 4 | digit;
            digits++;
        }
        byte after = i < lf ? in.getByte(i) : (byte) '\n';
        if (digits == 0 || after != ';' && after != ' ' && after != '\t' && after != '\r' && after != '\n') {
            return fail(ctx, "invalid chunk size");
        }
        in.readerIndex(lf + 1);
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            bodyRemaining = size;
            state = State.CHUNK_DATA;
        }
        return true;
    }

    private boolean readChunkData(ChannelHandlerContext ctx, ByteBuf in) {
        int take = (int) Math.min(bodyRemaining, in.readableBytes());
        ctx.fireChannelRead(new DefaultHttpContent(in.readRetainedSlice(take)));
        bodyRemaining -= take;
        if (bodyRemaining == 0) {
            state = State.CHUNK_END;
        }
        return true;
    }

    private boolean readChunkEnd(ChannelHandlerContext ctx, ByteBuf in) {
        int r = in.readerIndex();
        if (in.getByte(r) == '\n') {
            in.readerIndex(r + 1);
        } else if (in.getByte(r) == '\r') {
            if (in.readableBytes() < 2) {
                return false;
            }
            if (in.getByte(r + 1) != '\n') {
                return fail(ctx, "chunk data not followed by CRLF");
            }
            in.readerIndex(r + 2);
        } else {
            return fail(ctx, "chunk data not followed by CRLF");
        }
        state = State.CHUNK_SIZE;
        return true;
    }

    private boolean readTrailers(ChannelHandlerContext ctx, ByteBuf in) {
        int r = in.readerIndex();
        // The common case: no trailer fields, just the empty line.
        if (in.getByte(r) == '\n' || in.getByte(r) == '\r' && in.readableBytes() >= 2 && in.getByte(r + 1) == '\n') {
            in.readerIndex(r + (in.getByte(r) == '\n' ? 1 : 2));
            endBody(ctx, LastHttpContent.EMPTY_LAST_CONTENT);
            return true;
        }
        int end = blockEnd(in, false);
        if (end < 0) {
            return in.readableBytes() > maxHeadBytes ? fail(ctx, "trailer section too large") : false;
        }
        byte[] section = new byte[end - r];
        in.readBytes(section);
        HttpHeaders fields = heads.parseTrailers(section);
        if (fields == null) {
            return fail(ctx, "invalid trailer field");
        }
        endBody(ctx, new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, fields));
        return true;
    }

    private void endBody(ChannelHandlerContext ctx, LastHttpContent last) {
        state = State.HEAD;
        ctx.fireChannelRead(last);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePending();
        if (state == State.UNTIL_CLOSE) {
            state = State.HEAD;
            ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT); // the close is the body's end
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null && pending.isReadable()) {
            ByteBuf rest = pending;
            pending = null;
            ctx.fireChannelRead(rest);
        }
        releasePending();
    }

    private void keepPending(ChannelHandlerContext ctx, ByteBuf in, boolean ownBuffer) {
        if (ownBuffer && in.refCnt() == 1) {
            // Our own buffer and no body slice shares it: keep appending to it rather than copying the
            // unfinished head again on every read (a head trickling in byte by byte would cost O(n²)).
            if (in.readerIndex() > in.capacity() / 2) {
                in.discardReadBytes();
            }
            pending = in.retain();
            return;
        }
        ByteBuf kept = ctx.alloc().heapBuffer(Math.max(in.readableBytes() * 2, 512));
        kept.writeBytes(in);
        pending = kept;
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private boolean fail(ChannelHandlerContext ctx, String why) {
        state = State.FAILED;
        ctx.fireExceptionCaught(new DecoderException("invalid HTTP/1.1 response from upstream: " + why));
        ctx.close();
        return false;
    }

    // ---------------------------------------------------------------- framing helpers

    /**
     * Index just past the empty line that ends the head or trailer section at the reader index, or -1
     * while it is incomplete. Bytes already searched are not searched again when more arrive, so a
     * head trickling in costs linear time.
     *
     * @param statusLineFirst the block starts with a status line, which is never the empty one
     */
    private int blockEnd(ByteBuf in, boolean statusLineFirst) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int lineStart = start + blockLineStart;
        int from = start + Math.max(blockLineStart, blockSearched);
        boolean statusLine = statusLineFirst && blockLineStart == 0;
        while (true) {
            if (!statusLine && from == lineStart) {
                if (lineStart >= end) {
                    break;
                }
                byte first = in.getByte(lineStart);
                int emptyLineEnd = first == '\n' ? lineStart + 1
                        : first == '\r' && lineStart + 1 < end && in.getByte(lineStart + 1) == '\n' ? lineStart + 2 : -1;
                if (emptyLineEnd > 0) {
                    blockLineStart = 0;
                    blockSearched = 0;
                    return emptyLineEnd;
                }
                if (first == '\r' && lineStart + 1 == end) {
                    break; // a CR at the end: its LF may follow
                }
            }
            int lf = in.indexOf(from, end, (byte) '\n');
            if (lf < 0) {
                blockLineStart = lineStart - start;
                blockSearched = end - start;
                return -1;
            }
            lineStart = lf + 1;
            from = lineStart;
            statusLine = false;
        }
        blockLineStart = lineStart - start;
        blockSearched = blockLineStart;
        return -1;
    }

    private static boolean finalCodingIsChunked(HttpHeaders headers) {
        var values = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        String last = values.get(values.size() - 1);
        int comma = last.lastIndexOf(',');
        return last.substring(comma + 1).trim().equalsIgnoreCase("chunked");
    }
}
