package dev.gatehouse.engine.wasm;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Shared key-value data (with compare-and-swap) and shared queues, visible to every VM of the
 * process, as in Envoy: a module's VMs on different event loops share data through here. Bounded:
 * at most {@link #MAX_KEYS} keys, {@link #MAX_VALUE_BYTES} per value, {@link #MAX_QUEUED} items per queue.
 */
final class SharedState {
    static final int MAX_KEYS = 10_000;
    static final int MAX_VALUE_BYTES = 1024 * 1024;
    static final int MAX_QUEUED = 10_000;
    static final SharedState PROCESS = new SharedState();

    private final Map<String, Entry> data = new ConcurrentHashMap<>();
    private final AtomicInteger nextCas = new AtomicInteger(1);
    private final Map<String, Integer> queueIds = new ConcurrentHashMap<>();
    private final Map<Integer, Queue> queues = new ConcurrentHashMap<>();
    private final AtomicInteger nextQueue = new AtomicInteger(1);

    record Entry(byte[] value, int cas) {
    }

    Entry get(String vmId, String key) {
        return data.get(vmId + '\0' + key);
    }

    /** Stores a value; {@code cas} 0 means unconditionally. Returns an ABI status. */
    int set(String vmId, String key, byte[] value, int cas) {
        if (value.length > MAX_VALUE_BYTES) {
            return Abi.BAD_ARGUMENT;
        }
        String k = vmId + '\0' + key;
        if (!data.containsKey(k) && data.size() >= MAX_KEYS) {
            return Abi.INTERNAL_FAILURE;
        }
        int[] status = {Abi.OK};
        data.compute(k, (name, old) -> {
            if (cas != 0 && (old == null || old.cas() != cas)) {
                status[0] = Abi.CAS_MISMATCH;
                return old;
            }
            int next = nextCas.getAndIncrement();
            return new Entry(value.clone(), next == 0 ? nextCas.getAndIncrement() : next);
        });
        return status[0];
    }

    /** Registers (or re-registers) a queue; {@code ready} is told its id when something is enqueued. */
    int register(String vmId, String name, IntConsumer ready) {
        int id = queueIds.computeIfAbsent(vmId + '\0' + name, n -> nextQueue.getAndIncrement());
        queues.compute(id, (i, old) -> old == null ? new Queue(ready) : old.withReady(ready));
        return id;
    }

    /** A queue's id, or -1. */
    int resolve(String vmId, String name) {
        Integer id = queueIds.get(vmId + '\0' + name);
        return id == null ? -1 : id;
    }

    int enqueue(int id, byte[] value) {
        Queue queue = queues.get(id);
        if (queue == null) {
            return Abi.NOT_FOUND;
        }
        IntConsumer ready;
        synchronized (queue) {
            if (queue.items.size() >= MAX_QUEUED) {
                return Abi.INTERNAL_FAILURE;
            }
            queue.items.add(value.clone());
            ready = queue.ready;
        }
        ready.accept(id);
        return Abi.OK;
    }

    /** The next item, or null when the queue is empty; throws nothing for an unknown id (null too). */
    byte[] dequeue(int id) {
        Queue queue = queues.get(id);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.items.poll();
        }
    }

    boolean queueExists(int id) {
        return queues.containsKey(id);
    }

    private static final class Queue {
        final ArrayDeque<byte[]> items = new ArrayDeque<>();
        IntConsumer ready;

        Queue(IntConsumer ready) {
            this.ready = ready;
        }

        synchronized Queue withReady(IntConsumer ready) {
            this.ready = ready;
            return this;
        }
    }
}
