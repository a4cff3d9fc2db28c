package dev.gatehouse.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.config.RetryPolicy.RetryOn;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exponential backoff with full jitter: before retry n the wait is random in [0, min(max, base × 2^(n−1))]. */
class RetryBackoffTest {
    private static final long MS = 1_000_000;

    private static RetryPolicy backoff(Duration base, Duration max) {
        return new RetryPolicy(Set.of(RetryOn.RESET), 3, Duration.ZERO, base, max, null);
    }

    @Test
    void theCeilingDoublesWithEachRetryUntilItReachesMax() {
        var policy = backoff(Duration.ofMillis(25), Duration.ofMillis(250));
        assertThat(policy.backoffCeilingNanos(1)).isEqualTo(25 * MS);
        assertThat(policy.backoffCeilingNanos(2)).isEqualTo(50 * MS);
        assertThat(policy.backoffCeilingNanos(3)).isEqualTo(100 * MS);
        assertThat(policy.backoffCeilingNanos(4)).isEqualTo(200 * MS);
        assertThat(policy.backoffCeilingNanos(5)).isEqualTo(250 * MS);
        assertThat(policy.backoffCeilingNanos(100)).isEqualTo(250 * MS);
    }

    @Test
    void aHugeBaseOrRetryCountNeverOverflowsPastMax() {
        var policy = backoff(Duration.ofDays(30), Duration.ofDays(365));
        for (int retry = 1; retry <= 100; retry++) {
            assertThat(policy.backoffCeilingNanos(retry)).isBetween(Duration.ofDays(30).toNanos(),
                    Duration.ofDays(365).toNanos());
        }
        assertThat(policy.backoffCeilingNanos(100)).isEqualTo(Duration.ofDays(365).toNanos());
    }

    @Test
    void eachWaitLiesBetweenZeroAndItsCeilingAndSpreadsOverThatRange() {
        var policy = backoff(Duration.ofMillis(10), Duration.ofMillis(70));
        var random = new SplittableRandom(42);
        for (int retry = 1; retry <= 6; retry++) {
            long ceiling = policy.backoffCeilingNanos(retry);
            long least = Long.MAX_VALUE;
            long most = 0;
            for (int i = 0; i < 2_000; i++) {
                long wait = policy.backoffNanos(retry, random);
                assertThat(wait).isBetween(0L, ceiling);
                least = Math.min(least, wait);
                most = Math.max(most, wait);
            }
            // Full jitter: 2000 uniform draws from a fixed seed reach both ends of the range.
            assertThat(least).as("retry %d", retry).isLessThan(ceiling / 10);
            assertThat(most).as("retry %d", retry).isGreaterThan(ceiling * 9 / 10);
        }
    }

    @Test
    void theWaitsGrowWithTheRetryNumberOnAverage() {
        var policy = backoff(Duration.ofMillis(10), Duration.ofMillis(1000));
        var random = new SplittableRandom(7);
        double previous = 0;
        for (int retry = 1; retry <= 5; retry++) {
            double sum = 0;
            for (int i = 0; i < 2_000; i++) {
                sum += policy.backoffNanos(retry, random);
            }
            double mean = sum / 2_000;
            assertThat(mean).as("retry %d", retry).isGreaterThan(previous * 1.5);
            previous = mean;
        }
    }
}
