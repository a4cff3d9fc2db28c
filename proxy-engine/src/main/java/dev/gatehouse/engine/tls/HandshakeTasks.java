package dev.gatehouse.engine.tls;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the JDK {@code SSLEngine}'s delegated handshake tasks (key exchange, signatures, certificate
 * checks: most of a handshake's CPU) on a small pool instead of the event loop that owns the
 * connection. A burst of new TLS connections then shares the cores with the requests on connections
 * already open rather than stalling them for the length of the burst.
 *
 * <p>One pool per process, one thread per core, idle threads stop after 30 s. The queue is bounded:
 * when it is full the task runs on the calling event loop, as it would without this pool, and is
 * counted as such ({@code gatehouse_tls_handshake_tasks_total{ran_on="event_loop"}}).
 */
public final class HandshakeTasks {
    private static final int QUEUE_BOUND = 4096;
    private static final LongAdder ON_POOL = new LongAdder();
    private static final LongAdder ON_EVENT_LOOP = new LongAdder();
    private static final ThreadPoolExecutor POOL = newPool();

    private HandshakeTasks() {
    }

    /** The executor to give every {@code SslHandler}. */
    public static Executor executor() {
        return POOL;
    }

    /** Tasks run on the pool since start. */
    public static long ranOnPool() {
        return ON_POOL.sum();
    }

    /** Tasks run on an event loop because the pool's queue was full. */
    public static long ranOnEventLoop() {
        return ON_EVENT_LOOP.sum();
    }

    private static ThreadPoolExecutor newPool() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        var pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_BOUND),
                task -> {
                    Thread thread = new Thread(task, "gatehouse-tls-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                (task, executor) -> {
                    ON_EVENT_LOOP.increment();
                    task.run();
                }) {
            @Override
            protected void beforeExecute(Thread thread, Runnable task) {
                ON_POOL.increment();
            }
        };
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
