package dev.gatehouse.app.shell;

import dev.gatehouse.views.shell.EngineSession;
import dev.gatehouse.views.shell.TraceHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.function.Function;

/**
 * What a view factory gets: the session (the engine being looked at), the shared trace hub, and the
 * pieces replay needs.
 *
 * @param traceCapacity the trace table's cap ({@code -Dgatehouse.traces.max}, default 10,000)
 * @param replayTarget  where a trace's request is sent again, by listener and path
 */
public record WorkbenchContext(EngineSession session, TraceHub traces, int traceCapacity, HttpClient http,
                               Function<dev.gatehouse.views.engine.TraceRecord, URI> replayTarget) {
}
