package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.GarbageCollectionNotificationInfo;
import dev.gatehouse.engine.testing.TestGateway;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 1 GiB each way through the gateway (256 MiB each way over HTTP/2). Bodies must stream: the engine's buffer memory (Netty's default
 * allocator, shared with the demo backends in this JVM) is
 * sampled during the transfer and must stay far below the body size.
 */
class StreamingTest {
    private static final long GIB = 1L << 30;
    private static final long MEMORY_BOUND = 64L << 20;
    /**
     * The whole test JVM's heap, other test classes included, as a collection leaves it: below the bodies, so a
     * transfer held on the heap would cross it.
     */
    private static final long HEAP_BOUND = 256L << 20;
    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    /** Four times the memory bound: enough to show the body is not held, quicker than a GiB over h2. */
    private static final long HTTP2_BYTES = 256L << 20;
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: upload, match: {prefix: /upload}, cluster: sink, timeout: 0}
                  - {name: download, match: {prefix: /bytes}, cluster: stream, timeout: 0}
                clusters:
                  - {name: sink, endpoints: [{backend: sink}]}
                  - {name: stream, endpoints: [{backend: stream}]}
                demo_backends:
                  - {name: sink, kind: sink}
                  - {name: stream, kind: stream}
                """);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void oneGibUploadStreamsWithBoundedMemory() throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        var peak = new MemoryPeak();
        peak.start();
        var response = gw.client().send(HttpRequest.newBuilder(gw.uri("/upload"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(new PatternPublisher(GIB, digest), GIB))
                .build(), HttpResponse.BodyHandlers.ofString());
        peak.finish();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("bytes").asLong()).isEqualTo(GIB);
        assertThat(body.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(digest.digest()));
        peak.assertBounded();
    }

    @Test
    void oneGibDownloadStreamsWithBoundedMemory() throws Exception {
        var peak = new MemoryPeak();
        peak.start();
        var response = gw.client().send(HttpRequest.newBuilder(gw.uri("/bytes/" + GIB)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        boolean patternOk = true;
        try (InputStream in = response.body()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i += 4099) { // spot-check the stream backend's pattern
                    patternOk &= buf[i] == (byte) ('!' + (total + i) % 94);
                }
                total += n;
            }
        }
        peak.finish();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(total).isEqualTo(GIB);
        assertThat(patternOk).isTrue();
        peak.assertBounded();
    }

    @Test
    void http2DownloadStreamsWithBoundedMemory() throws Exception {
        HttpClient h2 = upgradedClient();
        var peak = new MemoryPeak();
        peak.start();
        var response = h2.send(HttpRequest.newBuilder(gw.uri("/bytes/" + HTTP2_BYTES)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        try (InputStream in = response.body()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
            }
        }
        peak.finish();
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(total).isEqualTo(HTTP2_BYTES);
        peak.assertBounded();
    }

    @Test
    void http2UploadStreamsWithBoundedMemory() throws Exception {
        HttpClient h2 = upgradedClient();
        var digest = MessageDigest.getInstance("SHA-256");
        var peak = new MemoryPeak();
        peak.start();
        var response = h2.send(HttpRequest.newBuilder(gw.uri("/upload"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(new PatternPublisher(HTTP2_BYTES, digest), HTTP2_BYTES))
                .build(), HttpResponse.BodyHandlers.ofString());
        peak.finish();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        var body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("bytes").asLong()).isEqualTo(HTTP2_BYTES);
        assertThat(body.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(digest.digest()));
        peak.assertBounded();
    }

    /** A JDK client whose connection has been upgraded to h2c by a small first request. */
    private static HttpClient upgradedClient() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        var first = h2.send(HttpRequest.newBuilder(gw.uri("/bytes/1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
        return h2;
    }

    /**
     * Samples the engine's pooled direct memory while a transfer runs, and watches the heap each garbage collection
     * leaves behind: a body held anywhere, off heap or on, would show in one of them.
     */
    private static final class MemoryPeak extends Thread {
        private final AtomicLong direct = new AtomicLong();
        private final AtomicLong heapAfterGc = new AtomicLong();
        private final NotificationListener onCollection = (notification, handback) -> {
            if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long heap = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(pool -> HEAP_POOLS.contains(pool.getKey()))
                        .mapToLong(pool -> pool.getValue().getUsed()).sum();
                heapAfterGc.accumulateAndGet(heap, Math::max);
            }
        };
        private volatile boolean running = true;

        MemoryPeak() {
            setDaemon(true);
        }

        @Override
        public void run() {
            collectors().forEach(gc -> gc.addNotificationListener(onCollection, null, null));
            while (running) {
                direct.accumulateAndGet(((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory(),
                        Math::max);
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
        }

        void finish() throws Exception {
            running = false;
            join();
            for (NotificationEmitter gc : collectors()) {
                gc.removeNotificationListener(onCollection);
            }
        }

        private static List<NotificationEmitter> collectors() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream().map(NotificationEmitter.class::cast).toList();
        }

        /** Asserts both peaks stay under their bounds. */
        void assertBounded() {
            assertThat(direct.get()).as("peak pooled direct memory").isLessThan(MEMORY_BOUND);
            assertThat(heapAfterGc.get()).as("peak heap left by a collection").isLessThan(HEAP_BOUND);
        }
    }

    /** Generates {@code size} bytes of a repeating pattern without holding them, hashing as it goes. */
    private static final class PatternPublisher implements Flow.Publisher<ByteBuffer> {
        private final long size;
        private final MessageDigest digest;

        PatternPublisher(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) (i * 31 + 7);
            }
            subscriber.onSubscribe(new Flow.Subscription() {
                long sent;
                boolean done;

                @Override
                public synchronized void request(long n) {
                    for (long i = 0; i < n && !done; i++) {
                        if (sent >= size) {
                            done = true;
                            subscriber.onComplete();
                            return;
                        }
                        int len = (int) Math.min(block.length, size - sent);
                        digest.update(block, 0, len);
                        sent += len;
                        subscriber.onNext(ByteBuffer.wrap(block.clone(), 0, len));
                    }
                    if (sent >= size && !done) {
                        done = true;
                        subscriber.onComplete();
                    }
                }

                @Override
                public synchronized void cancel() {
                    done = true;
                }
            });
        }
    }
}
