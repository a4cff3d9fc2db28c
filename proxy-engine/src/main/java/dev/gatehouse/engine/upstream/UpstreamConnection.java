package dev.gatehouse.engine.upstream;

import io.netty.channel.Channel;

/**
 * What one exchange holds while it talks to an endpoint: a whole HTTP/1.1 connection, or one stream of
 * a shared HTTP/2 connection. Either way {@link #channel()} takes HTTP/1 message objects for writing, its
 * writability is the back-pressure to honour, and its auto-read is the exchange's to pause; the response
 * arrives at the {@link UpstreamListener} given to {@link #lease}.
 */
public interface UpstreamConnection {
    /** The channel to write the request to: the connection, or the stream's child channel. */
    Channel channel();

    Endpoint endpoint();

    /** Hands the connection to an exchange, whose listener gets everything read from now on. */
    void lease(UpstreamListener listener);

    /**
     * Gives the connection back. A reusable HTTP/1.1 connection goes idle in the pool and anything else
     * is closed; an HTTP/2 stream is always closed (reset, if it has not ended), never its connection.
     */
    void release(boolean reusable);

    /** Takes the connection away from the pool for good (e.g. after a WebSocket upgrade). */
    void detach();
}
