package dev.gatehouse.views.traces;

import dev.gatehouse.views.engine.TraceRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The live traces view-model: the last {@code capacity} traces (oldest evicted and counted), the ones
 * the filter expression lets through, pause/resume, and the numbers the status line shows. It is fed
 * one batch per UI tick; it needs no toolkit, only JavaFX collections and properties (FX thread in the
 * app, the test thread in unit tests).
 *
 * <p>A batch adds at most {@code rowsPerBatch} rows: under thousands of requests a second nobody reads
 * every row, while each row costs UI time and memory that lives long enough to be copied by every
 * young collection. Errors and flagged traces are kept first, then the newest of the rest; the others
 * are counted as not shown.
 */
public final class TraceStore {
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Rows one batch (one UI tick, 10 a second) adds at most: 2,500 rows a second. */
    public static final int DEFAULT_ROWS_PER_BATCH = 250;

    private final int capacity;
    private final int rowsPerBatch;
    private final ObservableList<TraceRecord> all = FXCollections.observableArrayList();
    private final FilteredList<TraceRecord> visible = new FilteredList<>(all, t -> true);
    private final ArrayDeque<TraceRecord> heldWhilePaused = new ArrayDeque<>();
    private final KnownValues known = new KnownValues();
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ReadOnlyObjectWrapper<TraceFilter> filter = new ReadOnlyObjectWrapper<>(this, "filter", TraceFilter.all());
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper(this, "filterError", "");
    private final BooleanProperty paused = new SimpleBooleanProperty(this, "paused", false);
    private final ReadOnlyLongWrapper received = new ReadOnlyLongWrapper(this, "received");
    private final ReadOnlyLongWrapper evicted = new ReadOnlyLongWrapper(this, "evicted");
    private final ReadOnlyLongWrapper notShown = new ReadOnlyLongWrapper(this, "notShown");
    private final ReadOnlyLongWrapper feedDropped = new ReadOnlyLongWrapper(this, "feedDropped");

    public TraceStore() {
        this(DEFAULT_CAPACITY);
    }

    public TraceStore(int capacity) {
        this(capacity, DEFAULT_ROWS_PER_BATCH);
    }

    public TraceStore(int capacity, int rowsPerBatch) {
        if (capacity < 1 || rowsPerBatch < 1) {
            throw new IllegalArgumentException("capacity and rows per batch must be at least 1, got " + capacity
                    + " and " + rowsPerBatch);
        }
        this.capacity = capacity;
        this.rowsPerBatch = rowsPerBatch;
        filterText.addListener((obs, old, text) -> reparse(text));
        paused.addListener((obs, was, now) -> {
            if (!now) {
                List<TraceRecord> held = new ArrayList<>(heldWhilePaused);
                heldWhilePaused.clear();
                add(held);
            }
        });
    }

    /** Takes one tick's batch; {@code feedDroppedTotal} is what the feed has lost so far. */
    public void append(List<TraceRecord> traces, long feedDroppedTotal) {
        feedDropped.set(feedDroppedTotal);
        received.set(received.get() + traces.size());
        List<TraceRecord> batch = rowsOf(traces, rowsPerBatch);
        notShown.set(notShown.get() + traces.size() - batch.size());
        for (TraceRecord t : batch) {
            known.observe(t);
        }
        if (paused.get()) {
            for (TraceRecord t : batch) {
                if (heldWhilePaused.size() == capacity) {
                    heldWhilePaused.removeFirst();
                    evicted.set(evicted.get() + 1);
                }
                heldWhilePaused.addLast(t);
            }
            return;
        }
        add(batch);
    }

    /** Up to {@code rows} of the batch in their order: notable ones first, then the newest of the rest. */
    static List<TraceRecord> rowsOf(List<TraceRecord> batch, int rows) {
        if (batch.size() <= rows) {
            return batch;
        }
        boolean[] keep = new boolean[batch.size()];
        int left = rows;
        for (int i = batch.size() - 1; i >= 0 && left > 0; i--) {
            if (notable(batch.get(i))) {
                keep[i] = true;
                left--;
            }
        }
        for (int i = batch.size() - 1; i >= 0 && left > 0; i--) {
            if (!keep[i]) {
                keep[i] = true;
                left--;
            }
        }
        List<TraceRecord> out = new ArrayList<>(rows);
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                out.add(batch.get(i));
            }
        }
        return out;
    }

    /** What a filter is most likely to look for: failures, rejections, and anything the engine flagged. */
    private static boolean notable(TraceRecord t) {
        return t.status() >= 400 || t.status() == 0 || !t.flags().isEmpty();
    }

    private void add(List<TraceRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<TraceRecord> incoming = batch.size() > capacity ? batch.subList(batch.size() - capacity, batch.size()) : batch;
        long skipped = batch.size() - incoming.size();
        int overflow = all.size() + incoming.size() - capacity;
        if (overflow > 0) {
            all.remove(0, overflow); // one change event for the whole eviction
        }
        evicted.set(evicted.get() + Math.max(0, overflow) + skipped);
        all.addAll(incoming);
    }

    public void clear() {
        all.clear();
        heldWhilePaused.clear();
    }

    private void reparse(String text) {
        try {
            TraceFilter parsed = TraceFilter.parse(text);
            filter.set(parsed);
            filterError.set("");
            visible.setPredicate(parsed.isEmpty() ? t -> true : parsed);
        } catch (TraceFilterException e) {
            filterError.set("column " + (e.column() + 1) + ": " + e.getMessage()); // keep the last good filter
        }
    }

    /** The traces the filter lets through, oldest first; what the table shows. */
    public ObservableList<TraceRecord> visible() {
        return visible;
    }

    /** Every kept trace, oldest first. */
    public ObservableList<TraceRecord> all() {
        return all;
    }

    public int capacity() {
        return capacity;
    }

    public KnownValues known() {
        return known;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ReadOnlyObjectProperty<TraceFilter> filterProperty() {
        return filter.getReadOnlyProperty();
    }

    /** Empty when the expression parses; otherwise why not (the previous filter stays in force). */
    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    /** Traces received since start, kept or not. */
    public ReadOnlyLongProperty receivedProperty() {
        return received.getReadOnlyProperty();
    }

    /** Traces pushed out by the cap. */
    public ReadOnlyLongProperty evictedProperty() {
        return evicted.getReadOnlyProperty();
    }

    /** Traces received but never added, beyond a batch's rows (see the class comment). */
    public ReadOnlyLongProperty notShownProperty() {
        return notShown.getReadOnlyProperty();
    }

    /** Traces the feed lost before they reached the view (the UI fell behind). */
    public ReadOnlyLongProperty feedDroppedProperty() {
        return feedDropped.getReadOnlyProperty();
    }

    /** "1,234 of 10,000 shown · cap 10,000 · 52 evicted · 0 dropped", and how many were not shown if any. */
    public String summary() {
        return String.format("%,d of %,d shown · cap %,d · %,d evicted · %,d dropped%s%s", visible.size(), all.size(),
                capacity, evicted.get(), feedDropped.get(),
                notShown.get() == 0 ? "" : String.format(" · %,d not shown (over %,d a tick)", notShown.get(), rowsPerBatch),
                paused.get() ? " · paused (" + heldWhilePaused.size() + " held)" : "");
    }
}
