package dev.gatehouse.views.shell;

import dev.gatehouse.views.engine.EngineClient;
import dev.gatehouse.views.engine.TraceFeed;
import dev.gatehouse.views.engine.TraceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The one reader of the current engine's trace feed. A background thread drains the feed at a fixed
 * rate; each tick's traces reach the views in one hand-off to the UI thread (never one per request).
 * If the UI thread falls behind, the next ticks accumulate into the same pending batch, bounded by
 * {@link #MAX_PENDING}; beyond that traces are dropped and counted. When the session switches engines,
 * the hub closes the old feed and opens the new one.
 */
public final class TraceHub implements AutoCloseable {
    /** Traces held for the UI thread at most; the trace table's default cap is 10,000. */
    public static final int MAX_PENDING = 20_000;

    /** What one tick hands to the views. {@code droppedTotal} counts every trace lost since the hub started. */
    public record Batch(List<TraceRecord> traces, long droppedTotal) {
    }

    private final Executor uiThread;
    private final ScheduledExecutorService drainer;
    private final List<Consumer<Batch>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean handOffQueued = new AtomicBoolean();
    private final Object lock = new Object();
    private List<TraceRecord> pending = new ArrayList<>();
    private final List<TraceRecord> scratch = new ArrayList<>();
    private volatile TraceFeed feed;
    private long droppedByClosedFeeds;
    private long droppedHere;

    /**
     * A hub on the JavaFX thread, draining 10 times a second: each hand-off re-lays the visible table
     * rows, so a faster tick costs UI time under heavy traffic without showing more.
     */
    public TraceHub(EngineSession session) {
        this(session, Platform::runLater, Duration.ofMillis(100));
    }

    public TraceHub(EngineSession session, Executor uiThread, Duration tick) {
        this.uiThread = uiThread;
        this.drainer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-trace-drain");
            t.setDaemon(true);
            return t;
        });
        open(session.client());
        session.clientProperty().addListener((obs, old, next) -> open(next));
        drainer.scheduleAtFixedRate(this::drain, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Called with each tick's batch on the UI thread. */
    public void addListener(Consumer<Batch> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Batch> listener) {
        listeners.remove(listener);
    }

    private void open(EngineClient client) {
        TraceFeed next = client.openTraceFeed();
        TraceFeed previous;
        synchronized (lock) {
            previous = feed;
            feed = next;
            pending = new ArrayList<>(); // traces of the engine we left are not shown under the new one
            if (previous != null) {
                droppedByClosedFeeds += previous.dropped();
            }
        }
        if (previous != null) {
            previous.close();
        }
    }

    private void drain() {
        try {
            TraceFeed current = feed;
            scratch.clear();
            current.drainTo(scratch, MAX_PENDING);
            synchronized (lock) {
                if (current != feed) {
                    return; // switched engines meanwhile
                }
                int room = MAX_PENDING - pending.size();
                if (scratch.size() > room) {
                    droppedHere += scratch.size() - room;
                    pending.addAll(scratch.subList(0, Math.max(0, room)));
                } else {
                    pending.addAll(scratch);
                }
            }
            if (handOffQueued.compareAndSet(false, true)) {
                uiThread.execute(this::deliver);
            }
        } catch (RuntimeException e) {
            // A feed that fails (remote engine gone) must not kill the schedule; the next tick tries again.
        }
    }

    private void deliver() {
        List<TraceRecord> batch;
        long dropped;
        synchronized (lock) {
            handOffQueued.set(false);
            batch = pending;
            pending = new ArrayList<>();
            dropped = droppedByClosedFeeds + droppedHere + feed.dropped();
        }
        Batch b = new Batch(batch, dropped);
        for (Consumer<Batch> listener : listeners) {
            listener.accept(b);
        }
    }

    @Override
    public void close() {
        drainer.shutdownNow();
        TraceFeed f = feed;
        if (f != null) {
            f.close();
        }
    }
}
