package dev.gatehouse.engine.upstream;

import dev.gatehouse.engine.config.HealthCheck;
import dev.gatehouse.engine.observe.GatewayMetrics.ClusterMetrics;
import dev.gatehouse.engine.observe.HostEvent;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Active health checks of one cluster's endpoints, run from one event loop with Netty clients, so a
 * check never blocks anything: every {@code interval} (plus a random part of {@code jitter}) each
 * endpoint without a check in flight gets one: an HTTP/1.1 {@code GET} of the path (over TLS when
 * the cluster has it), or a bare TCP connect. A check that has no answer after {@code timeout} fails.
 *
 * <p>An endpoint turns unhealthy after {@code unhealthy_threshold} failures in a row and healthy after
 * {@code healthy_threshold} successes in a row; as in Envoy, one success is enough for an endpoint
 * that has never been checked. Transitions are published as {@code health} events.
 */
final class HealthChecker {
    private static final String USER_AGENT = "gatehouse-health-check";

    private final HealthCheck config;
    private final String cluster;
    private final Supplier<List<Endpoint>> endpoints;
    private final Transport transport;
    private final UpstreamTls tls;
    private final ClusterMetrics metrics;
    private final Consumer<HostEvent> events;
    private final EventLoop loop;
    /** Confined to {@link #loop}. */
    private final Map<Endpoint, HostState> hosts = new HashMap<>();
    private ScheduledFuture<?> nextRound;
    private boolean closed;

    private static final class HostState {
        boolean checked;
        boolean inFlight;
        int successes;
        int failures;
    }

    HealthChecker(HealthCheck config, String cluster, Supplier<List<Endpoint>> endpoints, Transport transport,
                  UpstreamTls tls, ClusterMetrics metrics, Consumer<HostEvent> events, EventLoop loop) {
        this.config = config;
        this.cluster = cluster;
        this.endpoints = endpoints;
        this.transport = transport;
        this.tls = tls;
        this.metrics = metrics;
        this.events = events;
        this.loop = loop;
        loop.execute(this::round);
    }

    void close() {
        try {
            loop.execute(() -> {
                closed = true;
                if (nextRound != null) {
                    nextRound.cancel(false);
                }
            });
        } catch (RejectedExecutionException e) {
            // The loop is gone, and its timers with it.
        }
    }

    private void round() {
        if (closed) {
            return;
        }
        List<Endpoint> members = endpoints.get();
        hosts.keySet().retainAll(members); // endpoints a DNS refresh removed
        for (Endpoint e : members) {
            HostState state = hosts.computeIfAbsent(e, k -> {
                if (!config.startHealthy()) {
                    k.setHealthCheckResult(true, "not checked yet");
                }
                return new HostState();
            });
            if (!state.inFlight) {
                state.inFlight = true;
                check(e, state);
            }
        }
        long delay = config.interval().toNanos();
        long jitter = config.jitter().toNanos();
        if (jitter > 0) {
            delay += ThreadLocalRandom.current().nextLong(jitter + 1);
        }
        nextRound = loop.schedule(this::round, delay, TimeUnit.NANOSECONDS);
    }

    private void check(Endpoint endpoint, HostState state) {
        var attempt = new Attempt(endpoint, state);
        int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.timeout().toMillis()));
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (config.kind() == HealthCheck.Kind.HTTP) {
                            if (tls != null) {
                                SslHandler handshake = tls.newHandler(ch.alloc(), endpoint, config.timeout());
                                ch.pipeline().addLast(handshake);
                                handshake.handshakeFuture().addListener(h -> {
                                    if (!h.isSuccess()) {
                                        attempt.finish(false, tls.handshakeFailed(endpoint, h.cause()).getMessage(),
                                                "failure");
                                    }
                                });
                            }
                            ch.pipeline().addLast(new HttpClientCodec(), new ResponseReader(attempt));
                        }
                    }
                });
        ChannelFuture connect = bootstrap.connect(endpoint.address());
        attempt.channel = connect.channel();
        attempt.timer = loop.schedule(() -> attempt.finish(false, "timeout", "timeout"), config.timeout().toNanos(),
                TimeUnit.NANOSECONDS);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                String why = f.cause() != null && f.cause().getMessage() != null ? f.cause().getMessage() : "refused";
                attempt.finish(false, "connect failed: " + why, "failure");
            } else if (config.kind() == HealthCheck.Kind.TCP) {
                attempt.finish(true, "connected", "success");
            } else {
                attempt.sendRequest();
            }
        });
    }

    /** One check of one endpoint; finishes once, on the checker's loop. */
    private final class Attempt {
        private final Endpoint endpoint;
        private final HostState state;
        Channel channel;
        ScheduledFuture<?> timer;
        private boolean done;

        Attempt(Endpoint endpoint, HostState state) {
            this.endpoint = endpoint;
            this.state = state;
        }

        void sendRequest() {
            var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, config.path(),
                    Unpooled.EMPTY_BUFFER);
            request.headers()
                    .set(HttpHeaderNames.HOST, config.host() != null ? config.host() : endpoint.authority())
                    .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            channel.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    finish(false, "write failed", "failure");
                }
            });
        }

        void finish(boolean healthy, String detail, String result) {
            if (done) {
                return;
            }
            done = true;
            if (timer != null) {
                timer.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
            state.inFlight = false;
            metrics.healthCheck(result);
            if (!closed && hosts.get(endpoint) == state) {
                verdict(endpoint, state, healthy, detail);
            }
        }
    }

    private void verdict(Endpoint endpoint, HostState state, boolean passed, String detail) {
        boolean firstCheck = !state.checked;
        state.checked = true;
        if (passed) {
            state.failures = 0;
            state.successes++;
            boolean failing = endpoint.failsHealthCheck();
            boolean turnsHealthy = failing && (firstCheck || state.successes >= config.healthyThreshold());
            endpoint.setHealthCheckResult(failing && !turnsHealthy, detail);
            if (turnsHealthy) {
                publish(endpoint, "healthy", detail, state.successes);
            }
            return;
        }
        state.successes = 0;
        state.failures++;
        boolean turnsUnhealthy = !endpoint.failsHealthCheck() && state.failures >= config.unhealthyThreshold();
        endpoint.setHealthCheckResult(endpoint.failsHealthCheck() || turnsUnhealthy, detail);
        if (turnsUnhealthy) {
            publish(endpoint, "unhealthy", detail, state.failures);
        }
    }

    private void publish(Endpoint e, String action, String detail, int streak) {
        String figures = (action.equals("healthy") ? "successes=" : "failures=") + streak + " threshold="
                + (action.equals("healthy") ? config.healthyThreshold() : config.unhealthyThreshold());
        events.accept(new HostEvent(System.currentTimeMillis(), HostEvent.HEALTH, cluster, e.authority(), action,
                detail, figures, 0, 0));
    }

    /** Reads the status of an HTTP check's response; the rest is ignored. */
    private final class ResponseReader extends SimpleChannelInboundHandler<HttpObject> {
        private final Attempt attempt;

        ResponseReader(Attempt attempt) {
            this.attempt = attempt;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse response) {
                int status = response.status().code();
                attempt.finish(config.expects(status), "status " + status, config.expects(status) ? "success" : "failure");
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            attempt.finish(false, "closed before a response", "failure");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            attempt.finish(false, "error: " + cause.getClass().getSimpleName(), "failure");
        }
    }
}
