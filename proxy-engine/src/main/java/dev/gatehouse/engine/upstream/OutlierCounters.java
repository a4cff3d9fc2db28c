package dev.gatehouse.engine.upstream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One endpoint's answers as outlier detection sees them: failure streaks, updated on the request
 * path by every event loop, and the successes and failures of the current interval, summed and
 * reset by the detector's sweep. A streak is reset only when it is not already zero, so a healthy
 * endpoint's requests do not all write one shared cache line.
 */
public final class OutlierCounters {
    private final AtomicInteger consecutive5xx = new AtomicInteger();
    private final AtomicInteger consecutiveGatewayFailures = new AtomicInteger();
    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    /** The ejection time's multiplier; the detector's loop alone reads and writes it. */
    int ejections;
    /** Ejections ever, for stats; the detector's loop alone writes it. */
    volatile int totalEjections;

    /**
     * Records one answer; {@code status} is the upstream's status, or 503/504 for a connect failure,
     * reset or timeout (as Envoy maps local-origin errors when they are not split out).
     *
     * @return the streaks after this answer, packed as {@code consecutive5xx << 32 | gatewayFailures}
     */
    long record(int status) {
        if (status >= 500) {
            failures.increment();
            int fives = consecutive5xx.incrementAndGet();
            int gateway = isGatewayFailure(status) ? consecutiveGatewayFailures.incrementAndGet()
                    : resetIfSet(consecutiveGatewayFailures);
            return ((long) fives << 32) | gateway;
        }
        successes.increment();
        resetIfSet(consecutive5xx);
        resetIfSet(consecutiveGatewayFailures);
        return 0;
    }

    /** How many times the endpoint has been ejected. */
    public int ejectionsTotal() {
        return totalEjections;
    }

    static boolean isGatewayFailure(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    int consecutive5xx() {
        return consecutive5xx.get();
    }

    int consecutiveGatewayFailures() {
        return consecutiveGatewayFailures.get();
    }

    void resetStreaks() {
        consecutive5xx.set(0);
        consecutiveGatewayFailures.set(0);
    }

    /** This interval's successes and failures, resetting both. */
    long[] takeInterval() {
        return new long[] {successes.sumThenReset(), failures.sumThenReset()};
    }

    private static int resetIfSet(AtomicInteger counter) {
        if (counter.get() != 0) {
            counter.set(0);
        }
        return 0;
    }
}
