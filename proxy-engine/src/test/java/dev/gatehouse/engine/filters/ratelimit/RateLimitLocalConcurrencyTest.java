package dev.gatehouse.engine.filters.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Compare-and-set buckets under contention: exactly the capacity gets through, never more. */
class RateLimitLocalConcurrencyTest {
    @Test
    void manyThreadsOnOneBucketGetExactlyItsCapacity() throws Exception {
        int capacity = 500;
        long frozen = 42L; // no refill during the test: the count must be exact
        LocalBuckets buckets = new LocalBuckets(10, () -> frozen);
        Charge charge = new Charge("l", "k", "f/l/k", new Rate(capacity, Duration.ofHours(1), capacity));
        int threads = 16;
        int attemptsEach = 200;
        AtomicInteger allowed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < attemptsEach; i++) {
                        if (buckets.decideNow(List.of(charge)).allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allowed.get()).isEqualTo(capacity);
    }

    @Test
    void twoLimitsUnderContentionNeverAdmitMoreThanTheTighter() throws Exception {
        LocalBuckets buckets = new LocalBuckets(10, () -> 7L);
        Charge wide = new Charge("wide", "k", "f/wide/k", new Rate(1000, Duration.ofHours(1), 1000));
        Charge tight = new Charge("tight", "k", "f/tight/k", new Rate(100, Duration.ofHours(1), 100));
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        if (buckets.decideNow(List.of(wide, tight)).allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allowed.get()).isEqualTo(100);
        // the wide bucket paid for admitted requests only: every refund came back
        assertThat(buckets.decideNow(List.of(wide)).outcomes().get(0).remaining()).isEqualTo(1000 - 100 - 1);
    }
}
