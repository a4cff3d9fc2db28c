package dev.gatehouse.engine.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns SIGTERM and SIGINT into a graceful stop of {@code run}. Left to the JVM, either signal runs
 * the shutdown hooks and the process exits 143 or 130 whatever the hooks do; handled here, the
 * gateway drains, {@code run} returns and the process exits 0, which is what service managers
 * count as a clean stop. A second signal during the drain exits at once.
 */
final class TerminationSignals {
    /** The status a shell reports for a process killed by the signal: 128 + its number. */
    private static final Map<String, Integer> KILLED_STATUS = Map.of("TERM", 128 + 15, "INT", 128 + 2);

    private TerminationSignals() {
    }

    /**
     * Routes both signals to {@code stop}, each on its own: a signal the JVM cannot handle (as with
     * {@code -Xrs}) keeps its default, which runs the shutdown hooks. A signal the process was
     * started with ignored (as for a background job) stays ignored.
     */
    static void install(Runnable stop) {
        // sun.misc.Signal is the JDK's only signal API (kept accessible by JEP 260). It is reached
        // reflectively because javac flags each direct use with a warning that cannot be suppressed.
        Class<?> signalType;
        Class<?> handlerType;
        try {
            signalType = Class.forName("sun.misc.Signal");
            handlerType = Class.forName("sun.misc.SignalHandler");
        } catch (ClassNotFoundException e) {
            return;
        }
        var stopping = new AtomicBoolean();
        KILLED_STATUS.forEach((name, killedStatus) -> {
            try {
                Constructor<?> signalNamed = signalType.getConstructor(String.class);
                Method handle = signalType.getMethod("handle", signalType, handlerType);
                handle.invoke(null, signalNamed.newInstance(name), handler(handlerType, stopping, stop, killedStatus));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // left to the JVM
            }
        });
    }

    private static Object handler(Class<?> handlerType, AtomicBoolean stopping, Runnable stop, int killedStatus) {
        return Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "handle":
                            if (stopping.getAndSet(true)) {
                                Runtime.getRuntime().halt(killedStatus); // asked twice: no more waiting
                            }
                            stop.run();
                            return null;
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        default:
                            return "gatehouse termination handler";
                    }
                });
    }
}
