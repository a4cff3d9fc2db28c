package dev.gatehouse.views.signals;

import dev.gatehouse.views.engine.TraceRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Golden signals from the trace stream: request rate, error rate and p50/p95/p99 latency per second
 * over a rolling window, for all traffic and per route and per cluster. Memory is bounded: a fixed
 * ring of seconds per series, at most {@link #MAX_SERIES} series (later keys fold into "other"), and
 * one latency histogram per series for the second being filled, reduced to three numbers when it closes.
 * No toolkit needed: the view samples {@link #window} at its own fixed rate.
 */
public final class GoldenSignals {
    public static final String ALL = "all";
    static final int MAX_SERIES = 64;
    /** Seconds that stay open for late traces (a trace is published when its response completes). */
    static final int OPEN_SECONDS = 2;

    /** Which breakdown a series belongs to. */
    public enum Dimension { ALL, ROUTE, CLUSTER }

    /** One series sampled over the window, oldest first; {@code secondsAgo[i]} is 0 for the current second. */
    public record Window(double[] secondsAgo, double[] requestsPerSecond, double[] errorPercent, double[] p50Ms,
                         double[] p95Ms, double[] p99Ms) {
        public int length() {
            return secondsAgo.length;
        }
    }

    private final int windowSeconds;
    private final Map<String, Series> series = new LinkedHashMap<>();

    public GoldenSignals(int windowSeconds) {
        if (windowSeconds < OPEN_SECONDS + 1) {
            throw new IllegalArgumentException("window too short: " + windowSeconds);
        }
        this.windowSeconds = windowSeconds;
    }

    /** An error is a 5xx or a request that got no response (status 0). */
    public static boolean isError(TraceRecord t) {
        return t.status() >= 500 || t.status() == 0;
    }

    public void record(TraceRecord t) {
        record(t.time(), t.route(), t.cluster(), t.durationMs(), isError(t));
    }

    public void record(long epochMillis, String route, String cluster, double latencyMs, boolean error) {
        long second = Math.floorDiv(epochMillis, 1000);
        seriesFor(ALL).add(second, latencyMs, error);
        if (route != null && !route.isEmpty()) {
            seriesFor("route:" + route).add(second, latencyMs, error);
        }
        if (cluster != null && !cluster.isEmpty()) {
            seriesFor("cluster:" + cluster).add(second, latencyMs, error);
        }
    }

    /** The keys seen for a dimension, e.g. the route names; {@link #ALL} for {@link Dimension#ALL}. */
    public List<String> keys(Dimension dimension) {
        List<String> out = new ArrayList<>();
        String prefix = dimension == Dimension.ROUTE ? "route:" : "cluster:";
        for (String key : series.keySet()) {
            if (dimension == Dimension.ALL) {
                if (key.equals(ALL)) {
                    out.add(key);
                }
            } else if (key.startsWith(prefix)) {
                out.add(key.substring(prefix.length()));
            }
        }
        return out;
    }

    /** The series for a dimension and key (ignored for ALL), ending at {@code nowMillis}. */
    public Window window(Dimension dimension, String key, long nowMillis) {
        String id = dimension == Dimension.ALL ? ALL : (dimension == Dimension.ROUTE ? "route:" : "cluster:") + key;
        Series s = series.get(id);
        long now = Math.floorDiv(nowMillis, 1000);
        int n = windowSeconds;
        double[] ago = new double[n];
        double[] rate = new double[n];
        double[] errors = new double[n];
        double[] p50 = new double[n];
        double[] p95 = new double[n];
        double[] p99 = new double[n];
        for (int i = 0; i < n; i++) {
            long second = now - (n - 1 - i);
            ago[i] = -(n - 1 - i);
            if (s == null) {
                continue;
            }
            Second sec = s.at(second);
            if (sec == null || sec.count == 0) {
                continue;
            }
            rate[i] = sec.count;
            errors[i] = 100.0 * sec.errors / sec.count;
            sec.percentiles(); // an open second is summarised as it stands
            p50[i] = sec.p50;
            p95[i] = sec.p95;
            p99[i] = sec.p99;
        }
        return new Window(ago, rate, errors, p50, p95, p99);
    }

    private Series seriesFor(String key) {
        Series s = series.get(key);
        if (s == null) {
            if (series.size() >= MAX_SERIES) {
                String other = key.startsWith("route:") ? "route:(other)" : "cluster:(other)";
                s = series.get(other);
                if (s == null) {
                    s = new Series(windowSeconds);
                    series.put(other, s); // may exceed MAX_SERIES by the two "other" series, no more
                }
                return s;
            }
            s = new Series(windowSeconds);
            series.put(key, s);
        }
        return s;
    }

    /** A ring of seconds; slot i holds the second whose number mod size is i. */
    private static final class Series {
        private final Second[] ring;

        Series(int size) {
            ring = new Second[size];
        }

        void add(long second, double latencyMs, boolean error) {
            int slot = (int) Math.floorMod(second, (long) ring.length);
            Second s = ring[slot];
            if (s == null || s.number != second) {
                if (s != null && s.number > second) {
                    return; // older than the window
                }
                s = new Second(second);
                ring[slot] = s;
            }
            s.add(latencyMs, error);
            // Close seconds that can no longer receive traces, freeing their histograms.
            int closing = (int) Math.floorMod(second - OPEN_SECONDS - 1, (long) ring.length);
            Second old = ring[closing];
            if (old != null) {
                old.close();
            }
        }

        Second at(long second) {
            Second s = ring[(int) Math.floorMod(second, (long) ring.length)];
            return s != null && s.number == second ? s : null;
        }
    }

    private static final class Second {
        // 1 µs to 1 h, 2 significant digits: a few KB while open, nothing once closed.
        private static final long MAX_MICROS = 3_600_000_000L;

        final long number;
        long count;
        long errors;
        double p50;
        double p95;
        double p99;
        private IntCountsHistogram histogram = new IntCountsHistogram(MAX_MICROS, 2);

        Second(long number) {
            this.number = number;
        }

        void add(double latencyMs, boolean error) {
            count++;
            if (error) {
                errors++;
            }
            if (histogram != null && latencyMs >= 0) {
                histogram.recordValue(Math.max(1, Math.min(MAX_MICROS, Math.round(latencyMs * 1000))));
            }
        }

        void percentiles() {
            if (histogram != null && histogram.getTotalCount() > 0) {
                p50 = histogram.getValueAtPercentile(50) / 1000.0;
                p95 = histogram.getValueAtPercentile(95) / 1000.0;
                p99 = histogram.getValueAtPercentile(99) / 1000.0;
            }
        }

        void close() {
            if (histogram != null) {
                percentiles();
                histogram = null;
            }
        }
    }
}
