package dev.gatehouse.engine.admin;

import dev.gatehouse.engine.observe.HostEvent;
import dev.gatehouse.engine.observe.HostEventTap;
import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.observe.TraceTap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code GET /tap}: completed request traces and endpoint events as server-sent events, one JSON
 * object per event with a {@code type}: {@code trace}, {@code outlier} (ejections and returns) or
 * {@code health} (active health check transitions). {@code type=trace,health} picks the kinds (all by
 * default). Query parameters narrow the traces: {@code listener}, {@code route}, {@code cluster},
 * {@code consumer}, {@code method}, {@code status} ({@code 404}, {@code 5xx} or {@code 500-599}) and
 * {@code sample} (a fraction, e.g. 0.1); {@code cluster} narrows the endpoint events too. The stream reads the tap ten times a second on the admin event loop; a
 * client too slow to keep up loses traces (reported as {@code : dropped N} comments), never memory.
 */
final class TapStream {
    private static final long TICK_MILLIS = 100;
    private static final int MAX_PER_TICK = 512;
    private static final long HEARTBEAT_TICKS = 150; // 15 s

    private final ChannelHandlerContext ctx;
    private final TraceTap.Reader reader;
    private final HostEventTap.Reader eventReader;
    private final Predicate<Trace> filter;
    private final Predicate<HostEvent> eventFilter;
    private final boolean traces;
    private final double sample;
    private final List<Trace> batch = new ArrayList<>();
    private final List<HostEvent> eventBatch = new ArrayList<>();
    private long reportedDrops;
    private long quietTicks;

    private TapStream(ChannelHandlerContext ctx, TraceTap tap, HostEventTap events, Predicate<Trace> filter,
                      Predicate<HostEvent> eventFilter, boolean traces, double sample) {
        this.ctx = ctx;
        this.reader = tap.reader();
        this.eventReader = events.reader();
        this.filter = filter;
        this.eventFilter = eventFilter;
        this.traces = traces;
        this.sample = sample;
    }

    /** Answers the request with an event stream that lasts until the client goes away. */
    static void open(ChannelHandlerContext ctx, TraceTap tap, HostEventTap events, QueryStringDecoder query) {
        Predicate<Trace> filter;
        Predicate<HostEvent> eventFilter;
        boolean traces;
        double sample;
        try {
            List<String> types = List.of(param(query, "type", "trace,outlier,health").split(","));
            for (String type : types) {
                if (!List.of("trace", HostEvent.OUTLIER, HostEvent.HEALTH).contains(type)) {
                    throw new IllegalArgumentException("type must list trace, outlier or health, got '" + type + "'");
                }
            }
            traces = types.contains("trace");
            String cluster = param(query, "cluster", null);
            eventFilter = e -> types.contains(e.type()) && (cluster == null || e.cluster().equals(cluster));
            filter = filterOf(query);
            sample = Double.parseDouble(param(query, "sample", "1"));
            if (!(sample > 0 && sample <= 1)) {
                throw new IllegalArgumentException("sample must be in (0, 1]");
            }
        } catch (IllegalArgumentException e) {
            var error = AdminApi.error(400, "bad /tap query: " + e.getMessage());
            HttpUtil.setContentLength(error, error.content().readableBytes());
            ctx.writeAndFlush(error);
            return;
        }
        var response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setTransferEncodingChunked(response, true);
        ctx.write(response);
        var stream = new TapStream(ctx, tap, events, filter, eventFilter, traces, sample);
        stream.send(": gatehouse tap\n\n");
        ctx.flush();
        var task = ctx.executor().scheduleAtFixedRate(stream::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(f -> {
            task.cancel(false);
            stream.reader.close();
        });
    }

    private void tick() {
        if (!ctx.channel().isWritable()) {
            return; // the client is behind; the tap keeps going and this reader will count drops
        }
        batch.clear();
        reader.drainTo(batch, MAX_PER_TICK);
        boolean wrote = false;
        for (Trace trace : batch) {
            if (traces && filter.test(trace) && (sample >= 1 || ThreadLocalRandom.current().nextDouble() < sample)) {
                // The trace's JSON is the access log's line; the stream adds the event type in front.
                send("data: {\"type\":\"trace\"," + trace.toJson().substring(1) + "\n\n");
                wrote = true;
            }
        }
        eventBatch.clear();
        eventReader.drainTo(eventBatch, MAX_PER_TICK);
        for (HostEvent event : eventBatch) {
            if (eventFilter.test(event)) {
                send("data: " + event.toJson() + "\n\n");
                wrote = true;
            }
        }
        if (reader.dropped() > reportedDrops) {
            send(": dropped " + (reader.dropped() - reportedDrops) + "\n\n");
            reportedDrops = reader.dropped();
            wrote = true;
        }
        if (!wrote && ++quietTicks >= HEARTBEAT_TICKS) {
            send(": keepalive\n\n");
            wrote = true;
        }
        if (wrote) {
            quietTicks = 0;
            ctx.flush();
        }
    }

    private void send(String text) {
        ctx.write(new DefaultHttpContent(ByteBufUtil.writeUtf8(ctx.alloc(), text)));
    }

    private static Predicate<Trace> filterOf(QueryStringDecoder query) {
        Predicate<Trace> filter = t -> true;
        String listener = param(query, "listener", null);
        if (listener != null) {
            filter = filter.and(t -> t.listener().equals(listener));
        }
        String route = param(query, "route", null);
        if (route != null) {
            filter = filter.and(t -> t.route().equals(route));
        }
        String cluster = param(query, "cluster", null);
        if (cluster != null) {
            filter = filter.and(t -> t.cluster().equals(cluster));
        }
        String consumer = param(query, "consumer", null);
        if (consumer != null) {
            filter = filter.and(t -> t.consumer().equals(consumer));
        }
        String method = param(query, "method", null);
        if (method != null) {
            filter = filter.and(t -> t.method().equalsIgnoreCase(method));
        }
        String status = param(query, "status", null);
        if (status != null) {
            int[] range = statusRange(status);
            filter = filter.and(t -> t.status() >= range[0] && t.status() <= range[1]);
        }
        return filter;
    }

    /** "404" -> [404, 404]; "5xx" -> [500, 599]; "400-499" -> [400, 499]. */
    static int[] statusRange(String text) {
        try {
            if (text.length() == 3 && text.endsWith("xx")) {
                int hundreds = Integer.parseInt(text.substring(0, 1)) * 100;
                return new int[] {hundreds, hundreds + 99};
            }
            int dash = text.indexOf('-');
            if (dash > 0) {
                return new int[] {Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1))};
            }
            int exact = Integer.parseInt(text);
            return new int[] {exact, exact};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("status must look like 404, 5xx or 400-499, got '" + text + "'");
        }
    }

    private static String param(QueryStringDecoder query, String name, String fallback) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }
}
