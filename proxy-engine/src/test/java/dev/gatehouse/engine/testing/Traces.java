package dev.gatehouse.engine.testing;

import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.observe.TraceTap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/** Finding one request's trace in a tap that concurrent tests publish into too. */
public final class Traces {
    private Traces() {
    }

    /** Waits for the trace with this request id (a response's x-request-id) and returns it. */
    public static Trace await(TraceTap.Reader reader, String requestId) {
        List<Trace> seen = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            reader.drainTo(seen, 100);
            return seen.stream().anyMatch(t -> t.requestId().equals(requestId));
        });
        return seen.stream().filter(t -> t.requestId().equals(requestId)).findFirst().orElseThrow();
    }
}
