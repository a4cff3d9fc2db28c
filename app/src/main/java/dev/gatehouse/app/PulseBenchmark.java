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
 * Responsiveness benchmark (run by hand, not in CI): shows the workbench on lab 1 with the traffic
 * generator at a high rate and records the gaps between JavaFX pulses (AnimationTimer deltas). A gap
 * over 100 ms is a visible stall.
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
        long[] start = new long[3]; // [0] measuring since, [1] traces seen at start, [2] generator answered at start
        Platform.startup(() -> {
            try {
                Preferences prefs = Preferences.userRoot().node("gatehouse-bench");
                window[0] = WorkbenchWindow.open(new Stage(), new WorkbenchWindow.Options(lab, true, rate, 10_000, prefs,
                        WorkbenchViews.defaults(), true));
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
        System.out.printf("FX pulse gaps: %d pulses, p50 %.1f ms, p99 %.1f ms, max %.1f ms, over 100 ms: %d%n",
                gaps.getTotalCount(), gaps.getValueAtPercentile(50) / 1e6, gaps.getValueAtPercentile(99) / 1e6,
                gaps.getMaxValue() / 1e6, gaps.getCountBetweenValues(100_000_000L, gaps.getHighestTrackableValue()));
        Platform.runLater(() -> {
            window[0].close();
            Platform.exit();
        });
        System.exit(0);
    }
}
