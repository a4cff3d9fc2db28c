package dev.gatehouse.engine.backends;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code user_service} kind: canned user records full of personal data (made up), the input a
 * masking filter is shown on. Bodies are written exactly as below, so labs can quote them.
 */
final class UserServiceHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String USER_12345 =
            "{\"user_id\":\"12345\",\"ssn\":\"123-45-6789\",\"credit_card\":\"4111-1111-1111-1111\",\"name\":\"John Doe\"}";
    static final String USERS = "[" + USER_12345 + ",{\"user_id\":\"67890\",\"name\":\"Jane Roe\",\"contact\":"
            + "{\"email\":\"jane.roe@example.com\",\"phone\":\"+1 (555) 010-4567\"},\"cards\":[\"5500 0000 0000 0004\"]}]";

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Replies.badRequestAndClose(ctx, request);
            return;
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            ctx.writeAndFlush(Replies.methodNotAllowed(request, "GET, HEAD"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).rawPath();
        String body = switch (path) {
            case "/user/12345" -> USER_12345;
            case "/users" -> USERS;
            default -> null;
        };
        if (body == null) {
            ctx.writeAndFlush(Replies.of(request, HttpResponseStatus.NOT_FOUND, "application/json",
                    "{\"error\":\"no such user\"}".getBytes(StandardCharsets.UTF_8)));
            return;
        }
        ctx.writeAndFlush(Replies.of(request, HttpResponseStatus.OK, "application/json", body.getBytes(StandardCharsets.UTF_8)));
    }
}
