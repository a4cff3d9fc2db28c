package dev.gatehouse.app;

import dev.gatehouse.app.shell.WorkbenchViews;
import dev.gatehouse.app.shell.WorkbenchWindow;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.prefs.Preferences;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.HdrHistogram.Histogram;

/**
 * Responsiveness benchmark (run by hand, not in CI): shows the workbench on lab 1 under load and
 * records the gaps between JavaFX pulses (AnimationTimer deltas). A gap over 100 ms is a visible
 * stall. The load is {@code wrk} against the embedded gateway when wrk is installed (the generator then
 * keeps a light mix going), else the built-in generator at {@code rate}.
 *
 * <pre>java -Dprism.order=sw -cp app/target/gatehouse-workbench.jar dev.gatehouse.app.PulseBenchmark [rate] [seconds]</pre>
 */
public final class PulseBenchmark {
    private PulseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 5_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path lab = Path.of(System.getProperty("gatehouse.samples", "sample-configs"),
                System.getProperty("gatehouse.bench.lab", "lab1-naked-proxy.yaml"));
        var gaps = new Histogram(60_000_000_000L, 3);
        var done = new CountDownLatch(1);
        var window = new WorkbenchWindow[1];
        boolean useWrk = !Boolean.getBoolean("gatehouse.bench.noWrk") && onPath("wrk");
        String[] wrkResult = {""};
        Thread[] wrkThread = new Thread[1];
        long[] start = new long[3]; // [0] measuring since, [1] traces seen at start, [2] generator answered at start
        Platform.startup(() -> {
            try {
                Preferences prefs = Preferences.userRoot().node("gatehouse-bench");
                window[0] = WorkbenchWindow.open(new Stage(), new WorkbenchWindow.Options(lab, true, useWrk ? 50 : rate,
                        10_000, prefs, WorkbenchViews.defaults(), true));
            } catch (Exception e) {
                e.printStackTrace();
                done.countDown();
                return;
            }
            new AnimationTimer() {
                private long last = -1;
                private final long warmUpEnds = System.nanoTime() + 5_000_000_000L;

                @Override
                public void handle(long now) {
                    if (now >= warmUpEnds) {
                        if (start[0] == 0) {
                            start[0] = now;
                            start[2] = window[0].traffic().answered();
                            start[1] = window[0].demo().gateway().metrics().scrapeText().length(); // touch: warm
                            if (useWrk) {
                                String target = window[0].demo().listenerUris().values().iterator().next() + "/service/echo/hello";
                                Thread wrk = new Thread(() -> wrkResult[0] = runWrk(target, seconds), "wrk");
                                wrk.setDaemon(true);
                                wrk.start();
                                wrkThread[0] = wrk;
                            }
                        } else if (last > 0) {
                            gaps.recordValue(now - last);
                        }
                        if (now - start[0] > seconds * 1_000_000_000L) {
                            stop();
                            done.countDown();
                        }
                    }
                    last = now;
                }
            }.start();
        });
        done.await();
        long answered = window[0] == null ? 0 : window[0].traffic().answered() - start[2];
        System.out.printf("generator target %.0f req/s; served %.0f req/s over %d s (%s)%n", rate,
                answered / (double) seconds, seconds, window[0] == null ? "" : window[0].traffic().summary());
        if (wrkThread[0] != null) {
            wrkThread[0].join(30_000);
            System.out.println("wrk: " + wrkResult[0]);
        }
        System.out.printf("FX pulse gaps: %d pulses, p50 %.1f ms, p99 %.1f ms, max %.1f ms, over 100 ms: %d%n",
                gaps.getTotalCount(), gaps.getValueAtPercentile(50) / 1e6, gaps.getValueAtPercentile(99) / 1e6,
                gaps.getMaxValue() / 1e6, gaps.getCountBetweenValues(100_000_000L, gaps.getHighestTrackableValue()));
        Platform.runLater(() -> {
            window[0].close();
            Platform.exit();
        });
        System.exit(0);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Runs wrk for the measured period; returns its throughput and latency lines. */
    private static String runWrk(String url, int seconds) {
        try {
            Process p = new ProcessBuilder("wrk", "-t2", "-c64", "-d" + seconds + "s", url).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            StringBuilder sb = new StringBuilder();
            for (String line : out.split("\n")) {
                if (line.contains("Requests/sec") || line.strip().startsWith("Latency") || line.contains("requests in")) {
                    sb.append(line.strip()).append(" | ");
                }
            }
            return sb.toString();
        } catch (Exception e) {
            return "wrk failed: " + e;
        }
    }
}
