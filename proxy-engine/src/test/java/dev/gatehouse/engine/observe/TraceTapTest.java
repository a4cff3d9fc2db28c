package dev.gatehouse.engine.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceTapTest {
    private static Trace trace(int i) {
        return new Trace("id-" + i, "l", "HTTP/1.1", "GET", "h", "/" + i, "127.0.0.1");
    }

    @Test
    void readersSeeWhatWasPublishedAfterTheyJoinedInOrder() {
        var tap = new TraceTap(16);
        tap.publish(trace(0));
        var reader = tap.reader();
        for (int i = 1; i <= 5; i++) {
            tap.publish(trace(i));
        }
        List<Trace> out = new ArrayList<>();
        assertThat(reader.drainTo(out, 3)).isEqualTo(3);
        assertThat(reader.drainTo(out, 10)).isEqualTo(2);
        assertThat(out).extracting(Trace::requestId).containsExactly("id-1", "id-2", "id-3", "id-4", "id-5");
        assertThat(reader.drainTo(out, 10)).isZero();
        assertThat(reader.dropped()).isZero();
    }

    @Test
    void aLappedReaderSkipsTheOverwrittenAndCountsThem() {
        var tap = new TraceTap(16);
        var reader = tap.reader();
        for (int i = 0; i < 40; i++) {
            tap.publish(trace(i));
        }
        List<Trace> out = new ArrayList<>();
        reader.drainTo(out, 100);
        assertThat(out).hasSize(16);
        assertThat(out.get(0).requestId()).isEqualTo("id-24");
        assertThat(reader.dropped()).isEqualTo(24);
        assertThat(tap.publishedCount()).isEqualTo(40);
    }

    @Test
    void keepsNothingWhileNoReaderIsOpen() {
        var tap = new TraceTap(16);
        for (int i = 0; i < 100; i++) {
            tap.publish(trace(i));
        }
        assertThat(tap.slotsInUse()).isZero();
        assertThat(tap.publishedCount()).isEqualTo(100);

        var reader = tap.reader();
        tap.publish(trace(100));
        assertThat(tap.slotsInUse()).isEqualTo(1);
        assertThat(tap.openReaders()).isEqualTo(1);
        reader.close();
        reader.close(); // idempotent
        assertThat(tap.openReaders()).isZero();
        tap.publish(trace(101));
        assertThat(tap.slotsInUse()).isEqualTo(1);
    }

    @Test
    void aReaderOpenedWhilePublishersRunSeesEverythingAfterItsStart() throws Exception {
        var tap = new TraceTap(1 << 16);
        var publisher = new Thread(() -> {
            for (int i = 0; i < 50_000; i++) {
                tap.publish(trace(i));
            }
        });
        publisher.start();
        while (tap.publishedCount() < 1000) {
            Thread.onSpinWait();
        }
        var reader = tap.reader();
        publisher.join();
        List<Trace> out = new ArrayList<>();
        while (reader.drainTo(out, 100_000) > 0) {
            // drain until nothing is left: a slot skipped by the publisher would stop the reader early
        }
        assertThat(out).isNotEmpty();
        assertThat(out.get(out.size() - 1).requestId()).isEqualTo("id-49999");
        assertThat(reader.dropped()).isZero();
    }

    @Test
    void capacityIsAPowerOfTwoAndBounded() {
        assertThat(new TraceTap(1000).capacity()).isEqualTo(1024);
        assertThat(new TraceTap(1).capacity()).isEqualTo(16);
    }

    @Test
    void concurrentPublishersLoseNothingAReaderKeepsUpWith() throws Exception {
        var tap = new TraceTap(1 << 16);
        var reader = tap.reader();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int base = w * 10_000;
            Thread t = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    tap.publish(trace(base + i));
                }
            });
            writers.add(t);
            t.start();
        }
        for (Thread t : writers) {
            t.join();
        }
        List<Trace> out = new ArrayList<>();
        while (reader.drainTo(out, 4096) > 0) {
            // drain
        }
        Set<String> ids = new HashSet<>();
        out.forEach(t -> ids.add(t.requestId()));
        assertThat(ids).hasSize(40_000);
        assertThat(reader.dropped()).isZero();
    }
}
