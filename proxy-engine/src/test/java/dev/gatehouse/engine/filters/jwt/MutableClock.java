package dev.gatehouse.engine.filters.jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand, so token validity and key ages never depend on real time. */
final class MutableClock extends Clock {
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    Instant now() {
        return now.get();
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
