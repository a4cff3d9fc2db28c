package dev.gatehouse.engine.filters.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in Redis, shared by every engine that points at it, with Lettuce's asynchronous
 * API: nothing here waits. One decision is one {@link BucketScripts#TAKE} script (EVALSHA, EVAL when
 * the server lost it), atomic over all buckets of the request. In cluster mode the buckets of one
 * request may live in several slots: then each slot's buckets get their own script, and when one
 * rejects, the tokens the others took are put back ({@link BucketScripts#REFUND}) — the same
 * semantics as {@link LocalBuckets}.
 *
 * <p>Every decision completes within the command timeout, connecting included: while Redis is down
 * commands are refused at once (not queued), and a new connection is tried at most once a second.
 */
public final class RedisBuckets implements RateLimitBackend {
    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);
    private static final long RECONNECT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int SEEN_BUCKETS = 10_000;

    private final RedisSettings settings;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final RedisURI uri;
    private final AtomicReference<CompletableFuture<Commands>> connection = new AtomicReference<>();
    private volatile long lastAttemptNanos;
    private volatile boolean closed;
    /** The buckets this engine decided on lately, for the admin view (Redis is not scanned). */
    private final Cache<String, Seen> seen = Caffeine.newBuilder().maximumSize(SEEN_BUCKETS).build();

    /** An open connection's script commands. */
    private record Commands(RedisScriptingAsyncCommands<String, String> scripts) {
    }

    /** A bucket's level as of this engine's last decision on it. */
    private record Seen(Charge charge, long remaining, long resetAfterNanos, long atNanos) {
    }

    /** Starts connecting in the background; call off the event loops (config apply). */
    RedisBuckets(RedisSettings settings) {
        this.settings = settings;
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(settings.uri());
        // The URI's timeout bounds the connection handshake; commands have their own (TimeoutOptions).
        uri.setTimeout(settings.connectTimeout());
        SocketOptions socket = SocketOptions.builder().connectTimeout(settings.connectTimeout()).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(settings.commandTimeout());
        if (settings.cluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, uri);
            // Node connections open on first use, so commands wait for them (bounded by the command
            // timeout and max_pending) instead of being refused while they connect.
            cluster.setOptions(ClusterClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .requestQueueSize(settings.maxPending()).build());
            this.client = cluster;
        } else {
            RedisClient standalone = RedisClient.create(resources);
            standalone.setOptions(ClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .requestQueueSize(settings.maxPending()).build());
            this.client = standalone;
        }
        this.uri = uri;
        CompletableFuture<Commands> first = new CompletableFuture<>();
        connection.set(first);
        connect(first);
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public CompletionStage<Decision> decide(List<Charge> charges) {
        CompletableFuture<Decision> decision = commands().thenCompose(c -> decide(c, charges)).toCompletableFuture();
        return decision.orTimeout(settings.commandTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((d, e) -> {
                    if (d != null) {
                        remember(d);
                    }
                });
    }

    private CompletionStage<Decision> decide(Commands c, List<Charge> charges) {
        if (!settings.cluster()) {
            return take(c, charges);
        }
        Map<Integer, List<Charge>> bySlot = new LinkedHashMap<>();
        for (Charge charge : charges) {
            bySlot.computeIfAbsent(SlotHash.getSlot(key(charge)), s -> new ArrayList<>()).add(charge);
        }
        if (bySlot.size() == 1) {
            return take(c, charges);
        }
        List<CompletableFuture<Decision>> parts = bySlot.values().stream()
                .map(group -> take(c, group).toCompletableFuture()).toList();
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            List<Decision> decided = parts.stream().map(CompletableFuture::join).toList();
            boolean allowed = decided.stream().allMatch(Decision::allowed);
            List<BucketOutcome> outcomes = new ArrayList<>();
            List<Charge> refunds = new ArrayList<>();
            for (Decision d : decided) {
                for (BucketOutcome o : d.outcomes()) {
                    if (!allowed && d.allowed()) {
                        refunds.add(o.charge());
                        o = new BucketOutcome(o.charge(), true, o.remaining() + 1, o.resetAfterNanos(), 0);
                    }
                    outcomes.add(o);
                }
            }
            Decision combined = new Decision(allowed, order(outcomes, charges));
            if (refunds.isEmpty()) {
                return CompletableFuture.completedFuture(combined);
            }
            return refund(c, refunds).thenApply(ignored -> combined);
        });
    }

    private static List<BucketOutcome> order(List<BucketOutcome> outcomes, List<Charge> charges) {
        List<BucketOutcome> ordered = new ArrayList<>(outcomes);
        ordered.sort(Comparator.comparingInt(o -> charges.indexOf(o.charge())));
        return ordered;
    }

    private CompletionStage<Decision> take(Commands c, List<Charge> charges) {
        String[] keys = new String[charges.size()];
        String[] args = new String[charges.size() * 2];
        for (int i = 0; i < keys.length; i++) {
            Charge charge = charges.get(i);
            keys[i] = key(charge);
            args[2 * i] = Long.toString(charge.rate().intervalMicros());
            args[2 * i + 1] = Long.toString(charge.rate().burst());
        }
        return run(c, BucketScripts.TAKE, keys, args).thenApply(result -> {
            List<BucketOutcome> outcomes = new ArrayList<>(keys.length);
            for (int i = 0; i < keys.length; i++) {
                int at = 2 + 4 * i;
                outcomes.add(new BucketOutcome(charges.get(i), number(result, at) == 1, number(result, at + 1),
                        micros(number(result, at + 2)), micros(number(result, at + 3))));
            }
            return new Decision(number(result, 0) == 1, outcomes);
        });
    }

    private CompletionStage<List<Object>> refund(Commands c, List<Charge> charges) {
        String[] keys = charges.stream().map(this::key).toArray(String[]::new);
        String[] args = charges.stream().map(ch -> Long.toString(ch.rate().intervalMicros())).toArray(String[]::new);
        // One script per bucket: in a cluster they are in different slots.
        List<CompletableFuture<List<Object>>> each = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            each.add(run(c, BucketScripts.REFUND, new String[] {keys[i]}, new String[] {args[i]}).toCompletableFuture());
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> List.of());
    }

    /** EVALSHA, and EVAL (which also caches the script) when the server does not know it. */
    private static CompletionStage<List<Object>> run(Commands c, BucketScripts.Script script, String[] keys, String[] args) {
        CompletionStage<List<Object>> bySha = c.scripts().evalsha(script.sha(), ScriptOutputType.MULTI, keys, args);
        return bySha.handle((result, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(result);
            }
            if (unwrap(error) instanceof RedisNoScriptException) {
                return c.scripts().<List<Object>>eval(script.text(), ScriptOutputType.MULTI, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<List<Object>>failedFuture(unwrap(error));
        }).thenCompose(f -> f);
    }

    private String key(Charge charge) {
        return settings.keyPrefix() + charge.bucket();
    }

    private static long number(List<Object> result, int index) {
        return ((Number) result.get(index)).longValue();
    }

    private static long micros(long value) {
        return TimeUnit.MICROSECONDS.toNanos(value);
    }

    /** "outer: inner: root", since Lettuce wraps the reason a connection failed. */
    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            text.append(": ").append(c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName());
        }
        return text.toString();
    }

    static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    // ------------------------------------------------------------------ connection

    /** The connection, or a fresh attempt when the last one failed more than a second ago. */
    private CompletableFuture<Commands> commands() {
        CompletableFuture<Commands> current = connection.get();
        if (current.isCompletedExceptionally() && !closed && System.nanoTime() - lastAttemptNanos > RECONNECT_NANOS) {
            CompletableFuture<Commands> attempt = new CompletableFuture<>();
            if (connection.compareAndSet(current, attempt)) {
                connect(attempt);
                return attempt;
            }
            return connection.get();
        }
        return current;
    }

    private void connect(CompletableFuture<Commands> into) {
        lastAttemptNanos = System.nanoTime();
        CompletableFuture<? extends StatefulConnection<String, String>> opening;
        try {
            opening = client instanceof RedisClusterClient cluster
                    // the topology first: a cluster connection routes by it (connectAsync alone refuses)
                    ? cluster.refreshPartitionsAsync().toCompletableFuture().thenCompose(v -> cluster.connectAsync(StringCodec.UTF8))
                    : ((RedisClient) client).connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        } catch (RuntimeException e) {
            into.completeExceptionally(e);
            return;
        }
        opening.whenComplete((conn, error) -> {
            if (error != null) {
                log.warn("rate limit: cannot connect to {}: {}", settings.safeUri(), causes(unwrap(error)));
                into.completeExceptionally(unwrap(error));
                return;
            }
            if (closed) {
                conn.closeAsync();
                into.completeExceptionally(new IllegalStateException("closed"));
                return;
            }
            RedisScriptingAsyncCommands<String, String> scripts = conn instanceof StatefulRedisClusterConnection<String, String> cc
                    ? cc.async() : ((StatefulRedisConnection<String, String>) conn).async();
            into.complete(new Commands(scripts));
        });
    }

    // ------------------------------------------------------------------ admin view

    private void remember(Decision decision) {
        long now = System.nanoTime();
        for (BucketOutcome o : decision.outcomes()) {
            seen.put(o.charge().bucket(), new Seen(o.charge(), o.remaining(), o.resetAfterNanos(), now));
        }
    }

    @Override
    public CompletionStage<List<BucketView>> inspect(String key) {
        List<Charge> matching = new ArrayList<>();
        seen.asMap().forEach((id, s) -> {
            if (id.equals(key) || s.charge().key().equals(key)) {
                matching.add(s.charge());
            }
        });
        if (matching.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        matching.sort(Comparator.comparing(Charge::bucket));
        String[] keys = matching.stream().map(this::key).toArray(String[]::new);
        return commands().thenCompose(c -> run(c, BucketScripts.PEEK, keys, new String[0])).thenApply(result -> {
            long now = number(result, 0);
            List<BucketView> views = new ArrayList<>();
            for (int i = 0; i < matching.size(); i++) {
                Charge charge = matching.get(i);
                long fullAt = number(result, i + 1);
                long interval = charge.rate().intervalMicros();
                long owed = fullAt < 0 ? 0 : Math.max(0, fullAt - now);
                views.add(new BucketView(charge.bucket(), charge.limit(), charge.key(), "redis",
                        TokenBucket.tokens(fullAt < 0 ? now : fullAt, now, interval, charge.rate().burst()),
                        charge.rate(), owed / 1000));
            }
            return views;
        }).toCompletableFuture().orTimeout(settings.commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public List<BucketView> mostDrained(int n) {
        long now = System.nanoTime();
        PriorityQueue<BucketView> top = new PriorityQueue<>(Comparator.comparingDouble(BucketView::drained));
        for (Seen s : seen.asMap().values()) {
            long elapsed = now - s.atNanos();
            if (elapsed >= s.resetAfterNanos()) {
                continue; // full again by now
            }
            Rate rate = s.charge().rate();
            double tokens = Math.min(rate.burst(), s.remaining() + elapsed / (double) rate.intervalNanos());
            top.add(new BucketView(s.charge().bucket(), s.charge().limit(), s.charge().key(), "redis", tokens, rate,
                    (s.resetAfterNanos() - elapsed) / 1_000_000));
            if (top.size() > n) {
                top.poll();
            }
        }
        List<BucketView> out = new ArrayList<>(top);
        out.sort(Comparator.comparingDouble(BucketView::drained).reversed().thenComparing(BucketView::bucket));
        return out;
    }

    @Override
    public void close() {
        closed = true; // a connection still opening is closed when it opens; shutting down closes the rest
        client.shutdownAsync(0, 2, TimeUnit.SECONDS).whenComplete((v, e) -> resources.shutdown(0, 2, TimeUnit.SECONDS));
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
