package dev.gatehouse.engine.route;

import dev.gatehouse.engine.config.RouteAction;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Answers the request from the gateway itself with a fixed status and body. */
public final class DirectResponseAction implements CompiledAction {
    /** A String body is sent as UTF-8, so the default type says so. */
    public static final String DEFAULT_CONTENT_TYPE = "text/plain; charset=utf-8";

    private final int status;
    private final String body;
    private final String contentType;
    private final ByteBuf content;

    private DirectResponseAction(int status, String body, String contentType) {
        this.status = status;
        this.body = body;
        this.contentType = contentType;
        // Encoded once; read-only and unreleasable so every response can share it without copying.
        this.content = Unpooled.unreleasableBuffer(
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)).asReadOnly());
    }

    static DirectResponseAction compile(RouteAction.DirectResponse config) {
        if (config.status() < 200 || config.status() > 599) {
            throw new IllegalArgumentException("direct_response status must be 200-599: " + config.status());
        }
        String contentType = config.contentType() == null ? DEFAULT_CONTENT_TYPE : config.contentType();
        if (!HttpSyntax.isFieldValue(contentType)) {
            throw new IllegalArgumentException("direct_response content_type has control characters");
        }
        return new DirectResponseAction(config.status(), config.body(), contentType);
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    public String contentType() {
        return contentType;
    }

    /** The body as UTF-8: a fresh read-only view each call, which needs no release. */
    public ByteBuf content() {
        return content.duplicate();
    }

    @Override
    public String toString() {
        return "direct_response " + status + " (" + content.readableBytes() + " bytes " + contentType + ")";
    }
}
