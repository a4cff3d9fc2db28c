package dev.gatehouse.engine.wasm;

import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The execution cap of one VM's callbacks. Chicory checks the running thread's interrupt flag in
 * loops and calls (interpreter and compiled code alike), so a watchdog thread interrupts a callback
 * that overruns its budget; the callback then fails with ChicoryInterruptedException. The interrupt
 * is only ever sent while the callback runs (under this object's lock), and cleared when it ends, so
 * it can never leak into the event loop.
 */
final class CallBudget {
    private static final Set<WeakReference<CallBudget>> WATCHED = ConcurrentHashMap.newKeySet();
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static volatile Thread watchdog;

    private final long budgetNanos;
    private final long startUpNanos;
    private final WeakReference<CallBudget> self = new WeakReference<>(this);
    private Thread thread;
    private long deadline;
    private int depth;
    private boolean expired;

    /**
     * @param budgetNanos the cap of one callback
     * @param startUpNanos the cap of one start-up call (instantiation, {@code _initialize}, VM start, configure),
     *     which may do more work than a request's callback and runs when a config is applied
     */
    CallBudget(long budgetNanos, long startUpNanos) {
        this.budgetNanos = budgetNanos;
        this.startUpNanos = startUpNanos;
        WATCHED.add(self);
        startWatchdog();
    }

    /** A callback starts on the current thread (nested calls, e.g. a host call's malloc, share its budget). */
    void enter() {
        enter(false);
    }

    /** A callback, or a start-up call when {@code startUp}, starts on the current thread. */
    synchronized void enter(boolean startUp) {
        if (depth++ == 0) {
            thread = Thread.currentThread();
            expired = false;
            deadline = System.nanoTime() + (startUp ? startUpNanos : budgetNanos);
        }
    }

    /**
     * The callback ended; true when it was the outermost one and ran past its deadline (the watchdog stopped it,
     * or it returned before the interrupt took effect).
     */
    synchronized boolean exit() {
        if (--depth > 0) {
            return false;
        }
        deadline = 0;
        thread = null;
        if (expired) {
            Thread.interrupted(); // ours: clear it before the event loop runs anything else
            return true;
        }
        return false;
    }

    /** The VM is gone: stop watching it. */
    void retire() {
        WATCHED.remove(self);
    }

    private synchronized void check(long now) {
        if (deadline != 0 && !expired && now - deadline > 0) {
            expired = true;
            thread.interrupt();
        }
    }

    private static void startWatchdog() {
        if (watchdog != null) {
            return;
        }
        synchronized (CallBudget.class) {
            if (watchdog != null) {
                return;
            }
            Thread t = new Thread(CallBudget::watch, "gatehouse-wasm-watchdog");
            t.setDaemon(true);
            t.start();
            watchdog = t;
        }
    }

    private static void watch() {
        while (true) {
            long now = System.nanoTime();
            for (WeakReference<CallBudget> ref : WATCHED) {
                CallBudget budget = ref.get();
                if (budget == null) {
                    WATCHED.remove(ref);
                } else {
                    budget.check(now);
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TICK_NANOS);
        }
    }
}
