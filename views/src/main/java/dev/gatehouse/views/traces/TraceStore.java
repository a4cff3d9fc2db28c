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
 */
public final class TraceStore {
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
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
    private final ReadOnlyLongWrapper feedDropped = new ReadOnlyLongWrapper(this, "feedDropped");

    public TraceStore() {
        this(DEFAULT_CAPACITY);
    }

    public TraceStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
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
    public void append(List<TraceRecord> batch, long feedDroppedTotal) {
        feedDropped.set(feedDroppedTotal);
        received.set(received.get() + batch.size());
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

    /** Traces the feed lost before they reached the view (the UI fell behind). */
    public ReadOnlyLongProperty feedDroppedProperty() {
        return feedDropped.getReadOnlyProperty();
    }

    /** "1,234 of 10,000 shown · 52 evicted · 0 dropped". */
    public String summary() {
        return String.format("%,d of %,d shown · cap %,d · %,d evicted · %,d dropped%s", visible.size(), all.size(),
                capacity, evicted.get(), feedDropped.get(), paused.get() ? " · paused (" + heldWhilePaused.size() + " held)" : "");
    }
}
