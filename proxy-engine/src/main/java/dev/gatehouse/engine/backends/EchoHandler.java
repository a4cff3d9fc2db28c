package dev.gatehouse.engine.backends;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The {@code echo} kind: answers each request with a JSON description of it (method, raw path,
 * decoded query, headers, body as UTF-8 text, backend name, peer address, protocol), shaped by the
 * {@code x-echo-*} control headers.
 */
final class EchoHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String STATUS_HEADER = "x-echo-status";
    static final String DELAY_HEADER = "x-echo-delay-ms";
    static final String CLOSE_HEADER = "x-echo-close";
    static final long MAX_DELAY_MILLIS = 300_000;

    /** Netty adds these when it turns an HTTP/2 stream into an HTTP/1 message; the client never sent them. */
    private static final Set<String> CONVERSION_HEADERS = Arrays.stream(HttpConversionUtil.ExtensionHeaderNames.values())
            .map(name -> name.text().toString())
            .collect(Collectors.toUnmodifiableSet());

    private final String backendName;

    EchoHandler(String backendName) {
        this.backendName = backendName;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Replies.badRequestAndClose(ctx, request);
            return;
        }
        Controls controls;
        try {
            controls = Controls.of(request.headers());
        } catch (IllegalArgumentException e) {
            var error = Replies.JSON.createObjectNode().put("error", e.getMessage());
            ctx.writeAndFlush(Replies.json(request, HttpResponseStatus.BAD_REQUEST, error));
            return;
        }
        // Built now: the request is released when this method returns.
        FullHttpResponse response = controls.close() ? null : Replies.json(request, controls.status(), describe(ctx, request));
        if (controls.delayMillis() == 0) {
            finish(ctx, response);
        } else {
            // A write after the client gave up fails and releases the response; nothing to cancel.
            ctx.executor().schedule(() -> finish(ctx, response), controls.delayMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private ObjectNode describe(ChannelHandlerContext ctx, FullHttpRequest request) {
        var uri = new QueryStringDecoder(request.uri());
        var echo = Replies.JSON.createObjectNode();
        echo.put("method", request.method().name());
        echo.put("path", uri.rawPath());
        var query = echo.putObject("query");
        uri.parameters().forEach((name, values) -> addAll(query.putArray(name), values));
        var headers = echo.putObject("headers");
        headersByName(request.headers()).forEach((name, values) -> {
            if (values.size() == 1) {
                headers.put(name, values.get(0));
            } else {
                addAll(headers.putArray(name), values);
            }
        });
        echo.put("body", request.content().toString(StandardCharsets.UTF_8));
        echo.put("backend", backendName);
        echo.put("remote_address", RequestFacts.remoteAddress(ctx));
        echo.put("protocol", RequestFacts.protocol(ctx, request));
        return echo;
    }

    private static Map<String, List<String>> headersByName(HttpHeaders headers) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!CONVERSION_HEADERS.contains(name)) {
                byName.computeIfAbsent(name, n -> new ArrayList<>(1)).add(header.getValue());
            }
        }
        return byName;
    }

    private static void addAll(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void finish(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (response != null) {
            ctx.writeAndFlush(response);
        } else {
            reset(ctx.channel());
        }
    }

    /**
     * Closes without answering. A TCP connection closes with RST (linger 0) rather than FIN, as a crashed
     * server would; an HTTP/2 stream is reset on its own and its connection lives on.
     */
    private static void reset(Channel channel) {
        if (channel instanceof SocketChannel) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        channel.close();
    }

    /** The {@code x-echo-*} request headers, checked. */
    private record Controls(HttpResponseStatus status, long delayMillis, boolean close) {
        static Controls of(HttpHeaders headers) {
            return new Controls(status(headers.get(STATUS_HEADER)), delay(headers.get(DELAY_HEADER)),
                    close(headers.get(CLOSE_HEADER)));
        }

        private static HttpResponseStatus status(String value) {
            if (value == null) {
                return HttpResponseStatus.OK;
            }
            long code = number(value, STATUS_HEADER);
            if (code < 200 || code > 599) {
                throw new IllegalArgumentException(STATUS_HEADER + " must be from 200 to 599: " + value);
            }
            return HttpResponseStatus.valueOf((int) code);
        }

        private static long delay(String value) {
            if (value == null) {
                return 0;
            }
            long millis = number(value, DELAY_HEADER);
            if (millis < 0 || millis > MAX_DELAY_MILLIS) {
                throw new IllegalArgumentException(DELAY_HEADER + " must be from 0 to " + MAX_DELAY_MILLIS + ": " + value);
            }
            return millis;
        }

        private static boolean close(String value) {
            if (value == null || value.equals("0") || value.equalsIgnoreCase("false")) {
                return false;
            }
            if (value.equals("1") || value.equalsIgnoreCase("true")) {
                return true;
            }
            throw new IllegalArgumentException(CLOSE_HEADER + " must be 1 or 0: " + value);
        }

        private static long number(String value, String header) {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(header + " must be a number: " + value);
            }
        }
    }
}
