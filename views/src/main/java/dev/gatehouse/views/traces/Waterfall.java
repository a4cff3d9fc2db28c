package dev.gatehouse.views.traces;

import dev.gatehouse.views.engine.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bars of a trace's waterfall: each filter's work per phase and the request's steps (route chosen,
 * upstream connect, first byte, complete), as start and length in microseconds from headers parsed.
 * Filter spans carry only durations, so request-side filters are laid end to end from 0 and
 * response-side ones from the upstream's first byte; steps run from the previous step.
 */
public final class Waterfall {
    /** One bar; {@code kind} is "filter-continue", "filter-reject", ..., or "step". */
    public record Bar(String label, long startMicros, long lengthMicros, String kind) {
    }

    private Waterfall() {
    }

    public static List<Bar> of(TraceRecord t) {
        List<Bar> bars = new ArrayList<>();
        Map<String, Long> marks = t.timelineMicros();
        long requestSide = 0;
        long responseSide = marks.getOrDefault("upstream_first_byte", marks.getOrDefault("response_complete", 0L));
        for (TraceRecord.FilterVerdict f : t.filters()) {
            boolean response = f.phase().startsWith("response") || f.phase().equals("log");
            long start = response ? responseSide : requestSide;
            long length = Math.max(0, f.micros());
            String notes = f.notes().isEmpty() ? "" : " " + f.notes();
            bars.add(new Bar(f.filter() + " · " + f.phase() + " · " + f.verdict() + notes, start, length,
                    "filter-" + f.verdict()));
            if (response) {
                responseSide += length;
            } else {
                requestSide += length;
            }
        }
        long previous = 0;
        for (String step : List.of("route_chosen", "upstream_connected", "upstream_first_byte", "response_complete")) {
            Long at = marks.get(step);
            if (at != null && at >= 0) {
                bars.add(new Bar(step.replace('_', ' '), previous, Math.max(0, at - previous), "step"));
                previous = at;
            }
        }
        return bars;
    }

    /** The end of the last bar: the scale of the chart. */
    public static long span(List<Bar> bars) {
        long end = 1;
        for (Bar b : bars) {
            end = Math.max(end, b.startMicros() + b.lengthMicros());
        }
        return end;
    }
}
