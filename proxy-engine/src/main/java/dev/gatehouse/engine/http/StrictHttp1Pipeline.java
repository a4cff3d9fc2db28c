package dev.gatehouse.engine.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.Objects;

/**
 * The downstream HTTP/1.1 front of a connection, built so that nothing ambiguous reaches an upstream
 * (request smuggling). {@link #install} appends, in this order:
 * <ol>
 *   <li>{@value #HEAD_GUARD}: checks the raw bytes of each request head for what the decoder would
 *       tolerate or repair (bare CR/LF, obs-fold, bad field names and values, a sloppy request line);</li>
 *   <li>{@value #CODEC}: Netty's {@link HttpServerCodec} with {@link Http1Limits#decoderConfig()};</li>
 *   <li>{@value #VALIDATOR}: checks each decoded head (framing, Host, target, counts) and turns every
 *       violation into a JSON 400/414/431/505 local reply flagged {@code DPE}, then closes the connection.</li>
 * </ol>
 * Add the proxy handler after {@value #VALIDATOR}. It receives only requests that passed every check, and
 * a {@link ProtocolViolation} user event if a request it already got turns out to have a broken body; it
 * must then abandon that request (e.g. reset its upstream exchange), write no response for it and leave
 * answering and closing the connection to the validator. If the connection ever stops speaking
 * HTTP/1.1 (upgrade, CONNECT tunnel), {@link #uninstall} all three: the guard along with the codec.
 */
public final class StrictHttp1Pipeline {
    /** Name of the raw-bytes guard, first of the three. */
    public static final String HEAD_GUARD = "http1-head-guard";
    /** Name of the {@link HttpServerCodec}. */
    public static final String CODEC = "http1-codec";
    /** Name of the validator; the proxy handler goes after it. */
    public static final String VALIDATOR = "http1-validator";

    private StrictHttp1Pipeline() {
    }

    /**
     * Appends the guard, codec and validator to {@code pipeline}.
     *
     * @param listener told about each refused request, e.g. to count them by reason
     */
    public static void install(ChannelPipeline pipeline, Http1Limits limits, ProtocolViolationListener listener) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(listener, "listener");
        DecoderProgress progress = DecoderProgress.guarded();
        pipeline.addLast(HEAD_GUARD, new RequestHeadGuard(progress));
        pipeline.addLast(CODEC, new HttpServerCodec(limits.decoderConfig()));
        pipeline.addLast(VALIDATOR, new Http1RequestValidator(limits.maxHeaders(), listener, progress));
    }

    /**
     * Removes the guard, codec and validator, e.g. once the connection switched to HTTP/2. Bytes the codec
     * still holds go on to the next handler; handlers already removed are skipped.
     */
    public static void uninstall(ChannelPipeline pipeline) {
        Objects.requireNonNull(pipeline, "pipeline");
        for (String name : new String[] {HEAD_GUARD, CODEC, VALIDATOR}) {
            if (pipeline.context(name) != null) {
                pipeline.remove(name);
            }
        }
    }
}
