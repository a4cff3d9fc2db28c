package dev.gatehouse.views.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.views.signals.GoldenSignals.Dimension;
import org.junit.jupiter.api.Test;

class GoldenSignalsTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void ratesErrorsAndPercentilesPerSecond() {
        var signals = new GoldenSignals(60);
        // second 0: 100 requests on route "api", latencies 1..100 ms, 10 of them 5xx
        for (int i = 1; i <= 100; i++) {
            signals.record(T0 + i, "api", "echo", i, i % 10 == 0);
        }
        // second 1: 20 requests on route "web", all fast and fine
        for (int i = 0; i < 20; i++) {
            signals.record(T0 + 1000 + i, "web", "web", 0.5, false);
        }
        var all = signals.window(Dimension.ALL, null, T0 + 1500);
        int last = all.length() - 1;
        assertThat(all.secondsAgo()[last]).isEqualTo(0);
        assertThat(all.requestsPerSecond()[last - 1]).isEqualTo(100);
        assertThat(all.errorPercent()[last - 1]).isEqualTo(10);
        assertThat(all.p50Ms()[last - 1]).isCloseTo(50, within(1.0));
        assertThat(all.p95Ms()[last - 1]).isCloseTo(95, within(1.0));
        assertThat(all.p99Ms()[last - 1]).isCloseTo(99, within(1.0));
        assertThat(all.requestsPerSecond()[last]).isEqualTo(20);
        assertThat(all.errorPercent()[last]).isZero();

        var web = signals.window(Dimension.ROUTE, "web", T0 + 1500);
        assertThat(web.requestsPerSecond()[last - 1]).isZero();
        assertThat(web.requestsPerSecond()[last]).isEqualTo(20);
        assertThat(signals.keys(Dimension.ROUTE)).containsExactly("api", "web");
        assertThat(signals.keys(Dimension.CLUSTER)).containsExactly("echo", "web");
    }

    @Test
    void theWindowRollsAndClosedSecondsKeepTheirPercentiles() {
        var signals = new GoldenSignals(10);
        signals.record(T0, "api", "echo", 40, false);
        for (int s = 1; s <= 5; s++) {
            signals.record(T0 + s * 1000L, "api", "echo", 2, false); // closes second 0 along the way
        }
        var w = signals.window(Dimension.ROUTE, "api", T0 + 5000);
        assertThat(w.p50Ms()[w.length() - 6]).isCloseTo(40, within(0.5));
        // 20 seconds later everything has left the window, and the ring slots are reused.
        signals.record(T0 + 25_000, "api", "echo", 7, true);
        var later = signals.window(Dimension.ROUTE, "api", T0 + 25_000);
        double total = 0;
        for (double r : later.requestsPerSecond()) {
            total += r;
        }
        assertThat(total).isEqualTo(1);
        assertThat(later.errorPercent()[later.length() - 1]).isEqualTo(100);
    }

    @Test
    void seriesAreBounded() {
        var signals = new GoldenSignals(10);
        for (int i = 0; i < 500; i++) {
            signals.record(T0, "route-" + i, "", 1, false);
        }
        assertThat(signals.keys(Dimension.ROUTE)).hasSizeLessThanOrEqualTo(GoldenSignals.MAX_SERIES).contains("(other)");
        assertThat(signals.window(Dimension.ROUTE, "(other)", T0).requestsPerSecond()[9]).isGreaterThan(400);
    }
}
