package dev.gatehouse.engine.filters.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token-bucket maths on local buckets with a clock the test moves. */
class RateLimitBucketTest {
    private static final Rate FIVE_PER_MINUTE = new Rate(5, Duration.ofMinutes(1), 5);

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    private final LocalBuckets buckets = new LocalBuckets(1000, clock::get);

    private static Charge charge(String key, Rate rate) {
        return new Charge("per-consumer", key, "f/per-consumer/" + key, rate);
    }

    private BucketOutcome take(Charge charge) {
        return buckets.decideNow(List.of(charge)).outcomes().get(0);
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void aFullBucketLetsItsCapacityThroughThenRejectsUntilATokenRefills() {
        Charge c = charge("free-user-123", FIVE_PER_MINUTE);
        for (int i = 4; i >= 0; i--) {
            BucketOutcome o = take(c);
            assertThat(o.allowed()).isTrue();
            assertThat(o.remaining()).isEqualTo(i);
        }
        BucketOutcome sixth = take(c);
        assertThat(sixth.allowed()).isFalse();
        assertThat(sixth.remaining()).isZero();
        assertThat(sixth.retryAfterNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(12)); // one token per 12 s
        assertThat(sixth.resetAfterNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(60));

        advance(Duration.ofSeconds(11));
        assertThat(take(c).allowed()).isFalse();
        assertThat(take(c).retryAfterNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        advance(Duration.ofSeconds(1));
        BucketOutcome refilled = take(c);
        assertThat(refilled.allowed()).isTrue();
        assertThat(refilled.remaining()).isZero();
        assertThat(take(c).allowed()).isFalse();
    }

    @Test
    void waitingTwoMinutesRefillsToCapacityAndNoMore() {
        Charge c = charge("free-user-123", FIVE_PER_MINUTE);
        for (int i = 0; i < 5; i++) {
            take(c);
        }
        advance(Duration.ofMinutes(2));
        assertThat(buckets.inspect("free-user-123").toCompletableFuture().join().get(0).tokens()).isEqualTo(5.0);
        int allowed = 0;
        for (int i = 0; i < 12; i++) {
            allowed += take(c).allowed() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(5); // the bucket holds 5, however long the wait
    }

    @Test
    void burstAboveTheRateAllowsASpikeThenTheSteadyRate() {
        Charge c = charge("k", new Rate(1, Duration.ofSeconds(1), 10));
        int allowed = 0;
        for (int i = 0; i < 20; i++) {
            allowed += take(c).allowed() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(10);
        for (int second = 0; second < 5; second++) {
            advance(Duration.ofSeconds(1));
            assertThat(take(c).allowed()).isTrue();
            assertThat(take(c).allowed()).isFalse();
        }
    }

    @Test
    void levelsRefillContinuously() {
        Charge c = charge("k", FIVE_PER_MINUTE);
        for (int i = 0; i < 5; i++) {
            take(c);
        }
        advance(Duration.ofSeconds(18)); // one and a half tokens
        BucketView view = buckets.inspect("k").toCompletableFuture().join().get(0);
        assertThat(view.tokens()).isEqualTo(1.5);
        assertThat(view.resetAfterMillis()).isEqualTo(42_000);
        assertThat(view.drained()).isEqualTo(0.7);
    }

    @Test
    void aRequestOneLimitRejectsTakesNothingFromTheOthers() {
        Charge wide = new Charge("per-ip", "10.0.0.1", "f/per-ip/10.0.0.1", new Rate(100, Duration.ofMinutes(1), 100));
        Charge tight = charge("u", new Rate(2, Duration.ofMinutes(1), 2));
        for (int i = 0; i < 2; i++) {
            assertThat(buckets.decideNow(List.of(wide, tight)).allowed()).isTrue();
        }
        for (int i = 0; i < 10; i++) {
            Decision rejected = buckets.decideNow(List.of(wide, tight));
            assertThat(rejected.allowed()).isFalse();
            assertThat(rejected.tightest().charge().limit()).isEqualTo("per-consumer");
            assertThat(rejected.outcomes().get(0).allowed()).isTrue(); // not the one that said no
        }
        // the wide bucket gave only the two admitted requests' tokens
        assertThat(take(wide).remaining()).isEqualTo(97);
    }

    @Test
    void theTightestAllowedBucketIsTheOneWithFewestTokensLeft() {
        Charge wide = new Charge("per-ip", "ip", "f/per-ip/ip", new Rate(100, Duration.ofMinutes(1), 100));
        Charge tight = charge("u", FIVE_PER_MINUTE);
        Decision d = buckets.decideNow(List.of(wide, tight));
        assertThat(d.tightest().charge().limit()).isEqualTo("per-consumer");
        assertThat(d.tightest().remaining()).isEqualTo(4);
    }

    @Test
    void theTableIsBoundedByMaxKeys() {
        LocalBuckets small = new LocalBuckets(50, clock::get);
        for (int i = 0; i < 1000; i++) {
            small.decideNow(List.of(charge("k" + i, FIVE_PER_MINUTE)));
        }
        assertThat(small.size()).isLessThanOrEqualTo(50);
    }

    @Test
    void theMostDrainedBucketsComeFirstAndFullOnesAreLeftOut() {
        for (int i = 0; i < 3; i++) {
            take(charge("a", FIVE_PER_MINUTE));
        }
        take(charge("b", FIVE_PER_MINUTE));
        for (int i = 0; i < 5; i++) {
            take(charge("c", FIVE_PER_MINUTE));
        }
        List<BucketView> top = buckets.mostDrained(2);
        assertThat(top).extracting(BucketView::key).containsExactly("c", "a");
        advance(Duration.ofMinutes(5));
        assertThat(buckets.mostDrained(10)).isEmpty();
    }
}
