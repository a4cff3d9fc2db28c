package dev.gatehouse.app.shell;

import dev.gatehouse.views.buckets.TokenBucketsView;
import dev.gatehouse.views.config.ConfigEditorView;
import dev.gatehouse.views.signals.GoldenSignalsView;
import dev.gatehouse.views.topology.TopologyView;
import dev.gatehouse.views.traces.LiveTracesView;
import dev.gatehouse.views.traces.TraceReplay;
import java.util.List;

/**
 * The window's tabs, in order (Ctrl+1, Ctrl+2, ... select them). Views only see the
 * {@link WorkbenchContext}: the same views work on the embedded engine and on an attached one.
 */
public final class WorkbenchViews {
    private WorkbenchViews() {
    }

    public static List<ViewFactory> defaults() {
        return List.of(
                ctx -> new LiveTracesView(ctx.traces(), ctx.traceCapacity(), new TraceReplay(ctx.http(), ctx.replayTarget())),
                ctx -> new TopologyView(ctx.session()),
                ctx -> new ConfigEditorView(ctx.session()),
                ctx -> new GoldenSignalsView(ctx.traces()),
                ctx -> new TokenBucketsView(ctx.session(), ctx.traces()));
    }
}
