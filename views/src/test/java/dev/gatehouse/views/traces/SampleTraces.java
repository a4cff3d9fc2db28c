package dev.gatehouse.views.traces;

import dev.gatehouse.views.engine.TraceRecord;
import java.util.List;
import java.util.Map;

/** Hand-made traces for view-model tests. */
public final class SampleTraces {
    private SampleTraces() {
    }

    public static TraceRecord trace(String method, String path, String route, int status, double ms, String consumer) {
        return trace(1_700_000_000_000L, method, path, route, "c-" + route, status, ms, consumer, "");
    }

    public static TraceRecord trace(long time, String method, String path, String route, String cluster, int status,
                                    double ms, String consumer, String flags) {
        String json = "{\"time\":" + time + ",\"request_id\":\"r" + System.nanoTime() + "\",\"method\":\"" + method
                + "\",\"path\":\"" + path + "\",\"status\":" + status + "}";
        return new TraceRecord(time, "r" + time, "public", "HTTP/1.1", method, "localhost:8080", path, "127.0.0.1",
                route, "", List.of(), cluster, "127.0.0.1:9000", 1, status, flags, consumer, 0, 12, ms,
                Map.of("headers_parsed", 0L, "response_complete", Math.round(ms * 1000)),
                List.of(new TraceRecord.FilterVerdict("jwt", "request_headers", status == 401 ? "reject" : "continue", 40, Map.of())),
                json);
    }
}
