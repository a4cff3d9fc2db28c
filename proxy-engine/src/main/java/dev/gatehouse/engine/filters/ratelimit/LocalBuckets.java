package dev.gatehouse.engine.filters.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets in this engine's memory, for limits that need not be shared between engines. A
 * bucket is one {@link AtomicLong} updated by compare-and-set, so event loops never wait on each
 * other. The table holds at most {@code maxKeys} buckets; beyond that the least recently used is
 * dropped (it would come back full), so size it above the number of keys active in a period.
 */
public final class LocalBuckets implements RateLimitBackend {
    private final Cache<String, Bucket> buckets;
    private final LongSupplier nanoClock;
    private final long maxKeys;

    /** One bucket: its state and the charge that last used it (for the admin view). */
    private static final class Bucket {
        final AtomicLong fullAt;
        volatile Charge last;

        Bucket(long now, Charge charge) {
            this.fullAt = new AtomicLong(now); // full
            this.last = charge;
        }
    }

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; a fake in tests) */
    public LocalBuckets(long maxKeys, LongSupplier nanoClock) {
        this.maxKeys = maxKeys;
        this.nanoClock = nanoClock;
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).build();
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public CompletionStage<Decision> decide(List<Charge> charges) {
        return CompletableFuture.completedFuture(decideNow(charges));
    }

    /**
     * Takes a token from every bucket, in order; when one is empty, the tokens already taken are put
     * back and the rest are only looked at. For that instant a concurrent request may find one of
     * those buckets a token short: a request is never let through wrongly, at worst rejected early.
     */
    public Decision decideNow(List<Charge> charges) {
        long now = nanoClock.getAsLong();
        List<BucketOutcome> outcomes = new ArrayList<>(charges.size());
        Bucket[] taken = new Bucket[charges.size()];
        int rejectedAt = -1;
        for (int i = 0; i < charges.size(); i++) {
            Charge charge = charges.get(i);
            Bucket bucket = buckets.get(charge.bucket(), id -> new Bucket(now, charge));
            bucket.last = charge;
            TokenBucket.Take take = rejectedAt < 0 ? takeOne(bucket, charge.rate(), now) : peek(bucket, charge.rate(), now);
            if (take.allowed() && rejectedAt < 0) {
                taken[i] = bucket;
            } else if (!take.allowed() && rejectedAt < 0) {
                rejectedAt = i;
            }
            outcomes.add(new BucketOutcome(charge, take.allowed(), take.remaining(), take.resetAfter(), take.retryAfter()));
        }
        if (rejectedAt >= 0) {
            for (int i = 0; i < rejectedAt; i++) {
                taken[i].fullAt.addAndGet(-charges.get(i).rate().intervalNanos()); // put the token back
                BucketOutcome o = outcomes.get(i);
                outcomes.set(i, new BucketOutcome(o.charge(), true, o.remaining() + 1, o.resetAfterNanos(), 0));
            }
            // the buckets after the empty one were only looked at; the decision is "limited" all the same
        }
        return new Decision(rejectedAt < 0, outcomes);
    }

    private static TokenBucket.Take takeOne(Bucket bucket, Rate rate, long now) {
        long interval = rate.intervalNanos();
        while (true) {
            long current = bucket.fullAt.get();
            TokenBucket.Take take = TokenBucket.take(current, now, interval, rate.burst());
            if (!take.allowed() || bucket.fullAt.compareAndSet(current, take.fullAt())) {
                return take;
            }
        }
    }

    private static TokenBucket.Take peek(Bucket bucket, Rate rate, long now) {
        return TokenBucket.take(bucket.fullAt.get(), now, rate.intervalNanos(), rate.burst());
    }

    @Override
    public CompletionStage<List<BucketView>> inspect(String key) {
        long now = nanoClock.getAsLong();
        List<BucketView> out = new ArrayList<>();
        buckets.asMap().forEach((id, bucket) -> {
            Charge charge = bucket.last;
            if (id.equals(key) || charge.key().equals(key)) {
                out.add(view(bucket, now));
            }
        });
        out.sort(Comparator.comparing(BucketView::bucket));
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public List<BucketView> mostDrained(int n) {
        long now = nanoClock.getAsLong();
        // A bounded heap: the scan is O(table size) with O(n) memory, and runs only on an admin call.
        PriorityQueue<BucketView> top = new PriorityQueue<>(Comparator.comparingDouble(BucketView::drained));
        for (Bucket bucket : buckets.asMap().values()) {
            if (bucket.fullAt.get() <= now) {
                continue; // full: nothing to show
            }
            top.add(view(bucket, now));
            if (top.size() > n) {
                top.poll();
            }
        }
        List<BucketView> out = new ArrayList<>(top);
        out.sort(Comparator.comparingDouble(BucketView::drained).reversed().thenComparing(BucketView::bucket));
        return out;
    }

    private static BucketView view(Bucket bucket, long now) {
        Charge charge = bucket.last;
        Rate rate = charge.rate();
        long fullAt = bucket.fullAt.get();
        return new BucketView(charge.bucket(), charge.limit(), charge.key(), "local",
                TokenBucket.tokens(fullAt, now, rate.intervalNanos(), rate.burst()), rate,
                Math.max(0, fullAt - now) / 1_000_000);
    }

    /** Buckets in the table now (for tests and metrics). */
    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    @Override
    public void close() {
        buckets.invalidateAll();
    }

    @Override
    public String toString() {
        return "local buckets (max " + maxKeys + ")";
    }
}
