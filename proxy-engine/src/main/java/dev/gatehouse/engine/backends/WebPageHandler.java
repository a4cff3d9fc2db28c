package dev.gatehouse.engine.backends;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code web} kind: one small HTML page, "Served by <name>", for any path. Each instance gets its
 * own accent colour from its name, so load balancing is visible at a glance in a browser.
 */
final class WebPageHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String ALLOW = "GET, HEAD";

    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{name} · Gatehouse demo</title>
            <style>
              body { margin: 0; min-height: 100vh; display: grid; place-items: center;
                     font-family: system-ui, sans-serif; background: hsl({hue} 55% 95%); color: #1f2933; }
              main { padding: 2.5rem 3rem; border-radius: 1rem; background: #fff;
                     border-top: .5rem solid hsl({hue} 65% 45%); box-shadow: 0 12px 32px hsl({hue} 40% 30% / .15); }
              h1 { margin: 0 0 .75rem; font-size: 2rem; }
              p { margin: .25rem 0; color: #52606d; }
              code { background: hsl({hue} 55% 94%); padding: .1rem .4rem; border-radius: .3rem; }
            </style>
            </head>
            <body>
            <main>
              <h1>Served by {name}</h1>
              <p>You asked for <code>{path}</code> over {protocol}.</p>
              <p>A Gatehouse demo backend.</p>
            </main>
            </body>
            </html>
            """;

    private final String backendName;
    private final String hue;

    WebPageHandler(String backendName) {
        this.backendName = backendName;
        this.hue = Integer.toString(Math.floorMod(backendName.hashCode(), 360));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Replies.badRequestAndClose(ctx, request);
            return;
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            ctx.writeAndFlush(Replies.methodNotAllowed(request, ALLOW));
            return;
        }
        String page = PAGE
                .replace("{hue}", hue)
                .replace("{name}", escape(backendName))
                .replace("{path}", escape(new QueryStringDecoder(request.uri()).rawPath()))
                .replace("{protocol}", RequestFacts.protocol(ctx, request));
        var response = Replies.of(request, HttpResponseStatus.OK, Replies.HTML_UTF8,
                page.getBytes(StandardCharsets.UTF_8));
        // Every reload should reach the gateway, or a browser hides the load balancing.
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        ctx.writeAndFlush(response);
    }

    private static String escape(String text) {
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
